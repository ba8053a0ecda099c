/** Worker-thread entry of the input-preparation pool (preparePool.ts): runs `prepareViews` on each request. */
import { parentPort } from "node:worker_threads";
import { prepareViews } from "./prepare.js";
import { type PrepareReply, type PrepareRequest, transferList, unpackParticles } from "./prepareTransfer.js";

parentPort?.on("message", ({ particles, arch, inputPixelSizeNm, views }: PrepareRequest) => {
  let reply: PrepareReply;
  try {
    reply = { batches: prepareViews(unpackParticles(particles), arch, inputPixelSizeNm, views) };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply, "batches" in reply ? transferList(reply.batches) : []);
});
// loading this module's imports takes ≈ 0.2 s; until then the pool's caller prepares on its own
parentPort?.postMessage("ready");
