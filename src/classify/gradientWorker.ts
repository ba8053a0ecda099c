/** Worker-thread entry of `dataParallelSteps`: the gradient of its part of a batch under the sent weights. */
import { parentPort, workerData } from "node:worker_threads";
import type { Architecture } from "./architecture.js";
import type { GradientReply, GradientRequest } from "./dataParallel.js";
import { Engine } from "./engine.js";

const arch = workerData as Architecture;
let engine: Engine | null = null;

parentPort?.on("message", async ({ weights, batch, labels }: GradientRequest) => {
  let reply: GradientReply;
  try {
    if (engine) engine.setWeights(weights);
    else engine = await Engine.create(arch, weights);
    reply = { gradients: await engine.gradients(batch, labels) };
  } catch (e) {
    reply = { error: (e as Error).message ?? String(e) };
  }
  const transfer = reply.gradients
    ? [reply.gradients.logits.buffer, ...Object.values(reply.gradients.grads).map((t) => t.data.buffer)]
    : [];
  parentPort!.postMessage(reply, transfer as ArrayBuffer[]);
});
