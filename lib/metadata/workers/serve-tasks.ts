/** The worker side of WorkerPool: answers each task message with the handler's result or error. */
import { parentPort } from "node:worker_threads";
import { WORKER_READY, type WorkerReply } from "./worker-pool";

export function serveTasks<Task>(handler: (task: Task) => unknown): void {
  if (!parentPort) throw new Error("serveTasks must run in a worker thread");
  const port = parentPort;
  port.on("message", async (task: Task) => {
    let reply: WorkerReply;
    try {
      reply = { ok: true, result: await handler(task) };
    } catch (error) {
      reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage(WORKER_READY);
}
