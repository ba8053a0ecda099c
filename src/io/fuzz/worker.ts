import { parentPort } from "node:worker_threads";
import { loadHdf5 } from "../formats/hdf5.js";
import { readOne } from "./readOne.js";

/** Worker side of the isolated fuzz run: reads each path it is sent (null: load the readers), answers with the outcome. */
parentPort?.on("message", async (path: string | null) => {
  if (path === null) {
    await loadHdf5();
    parentPort?.postMessage({ status: "ok", message: "warm", ms: 0, cpuMs: 0, allocatedBytes: 0 });
  } else parentPort?.postMessage(await readOne(path));
});
