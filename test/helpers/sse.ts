/** One GraphQL-over-SSE frame: its `event:` name and its joined `data:` lines. */
export interface SseFrame {
  event: string | undefined;
  data: string;
}

/**
 * Takes the complete frames (ended by a blank line) off the front of `buffer`; `rest` is the
 * unfinished tail to prepend to the next chunk.
 */
export function takeSseFrames(buffer: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  let rest = buffer;
  let cut: number;
  while ((cut = rest.indexOf('\n\n')) >= 0) {
    const lines = rest.slice(0, cut).split('\n');
    rest = rest.slice(cut + 2);
    frames.push({
      event: lines
        .find((l) => l.startsWith('event:'))
        ?.slice(6)
        .trim(),
      data: lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n'),
    });
  }
  return { frames, rest };
}
