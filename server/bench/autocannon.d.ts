// autocannon ships no types; the benchmark uses this much of it.
declare module 'autocannon' {
  interface Options {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    requests?: { method?: string; path: string; body?: string }[];
    /** An unrecorded run first (lib/init.js); 'response' events come from the recorded run only. */
    warmup?: { connections: number; duration: number };
  }
  interface Instance extends PromiseLike<unknown> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
    ): void;
    /** The recorded run begins (after the warm-up, which has a tracker of its own). */
    on(event: 'start', listener: () => void): void;
  }
  export default function autocannon(options: Options): Instance;
}
