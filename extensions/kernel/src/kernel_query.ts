import type { Kernel, KernelMessage } from '@jupyterlab/services';

/**
 * Evaluates a Python expression whose value displays as application/json,
 * without touching the notebook: no cell owns the request, and history and
 * execution count are left alone. (user_expressions is not implemented by
 * the Pyodide kernel.)
 */
export async function evaluateJson<T>(
  kernel: Kernel.IKernelConnection,
  expression: string,
  onOutput?: (msg: KernelMessage.IIOPubMessage) => void
): Promise<T | null> {
  let value: T | null = null;
  const future = kernel.requestExecute(
    {
      code: expression,
      silent: false,
      store_history: false,
      stop_on_error: false
    },
    true
  );
  future.onIOPub = msg => {
    const type = msg.header.msg_type;
    if (type === 'execute_result') {
      const data = (msg.content as any).data ?? {};
      value = (data['application/json'] as T) ?? null;
    } else if (onOutput) {
      onOutput(msg);
    }
  };
  const reply = await future.done;
  if ((reply.content as any).status === 'error') {
    const { ename, evalue } = reply.content as any;
    throw new Error(`${ename}: ${evalue}`);
  }
  return value;
}
