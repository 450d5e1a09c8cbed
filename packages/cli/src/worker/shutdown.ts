/** The request to stop, and which signal made it (`abort` when the caller's own signal did). */
export interface Shutdown {
  signal: AbortSignal;
  reason(): string;
  dispose(): void;
}

/**
 * Stops on the caller's signal (tests, programmatic use) or else on the process's first SIGTERM or SIGINT. Only the
 * first is handled: a second Ctrl-C gets Node's default and ends the process at once, and the jobs it still holds go
 * back to the queue when their lease lapses.
 */
export function shutdownOn(given: AbortSignal | undefined): Shutdown {
  if (given) return { signal: given, reason: () => 'abort', dispose: () => undefined };
  const controller = new AbortController();
  let received = '';
  const names = ['SIGTERM', 'SIGINT'] as const;
  const dispose = () => {
    for (const name of names) process.off(name, handlers[name]);
  };
  const handlers = Object.fromEntries(
    names.map((name) => [
      name,
      () => {
        received = name;
        dispose();
        controller.abort();
      },
    ]),
  ) as Record<(typeof names)[number], () => void>;
  for (const name of names) process.on(name, handlers[name]);
  return { signal: controller.signal, reason: () => received, dispose };
}

export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
