import { parentPort } from "node:worker_threads";
import { readOne } from "./readOne.js";

/** Worker side of the isolated fuzz run: reads each path it is sent, answers with the outcome. */
parentPort?.on("message", async (path: string) => {
  parentPort?.postMessage(await readOne(path));
});
