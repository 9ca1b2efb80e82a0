/** A passage as text paragraphs and data tables (rows written "a | b | c" by the question bank). */
export type PassageBlock = { kind: 'text'; text: string } | { kind: 'table'; caption: string | null; header: string[]; rows: string[][] };

const isRow = (line: string) => line.includes(' | ');
/** A table's title: the short line right above it that is not a sentence of the passage. */
const isCaption = (line: string) => line.length > 0 && line.length <= 90 && !/[.:;!?]$/.test(line.trim()) && !isRow(line);

export function passageBlocks(passage: string): PassageBlock[] {
  const lines = passage.split('\n');
  const blocks: PassageBlock[] = [];
  let text: string[] = [];
  const flushText = () => {
    if (text.length) blocks.push({ kind: 'text', text: text.join('\n') });
    text = [];
  };
  for (let i = 0; i < lines.length; ) {
    if (!isRow(lines[i]!) || !isRow(lines[i + 1] ?? '')) {
      text.push(lines[i]!);
      i++;
      continue;
    }
    const caption = text.length && isCaption(text[text.length - 1]!) ? text.pop()! : null;
    flushText();
    const rows: string[][] = [];
    for (; i < lines.length && isRow(lines[i]!); i++) rows.push(lines[i]!.split('|').map((c) => c.trim()));
    blocks.push({ kind: 'table', caption, header: rows[0]!, rows: rows.slice(1) });
  }
  flushText();
  return blocks;
}
