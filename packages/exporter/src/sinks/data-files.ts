import { FORMAT_SPECS } from '../formats/index.ts';
import type { FileFormat, FormatName, Split } from '../types.ts';
import type { AtomicDirSink } from './file-sink.ts';
import { ParquetFile, type RowGroupLimits } from './parquet-file.ts';

/** The train and validation files of one export, in JSONL or Parquet, written through an AtomicDirSink. */
export interface DataFiles {
  readonly names: Record<Split, string>;
  /**
   * Writes one validated example's lines, encoded (see PreparedLines and LineEncoder): its data line
   * `bytes[start, mid)` and its side-metadata line `bytes[mid, end)` (empty for formats without one),
   * each with its newline. Returns a promise only when the writer needs the caller to wait.
   */
  write(split: Split, bytes: Buffer, start: number, mid: number, end: number): Promise<void> | undefined;
  /** Writes what is still buffered (Parquet's last row groups and footers); call before the sink commits. */
  end(): Promise<void>;
}

/**
 * JSONL keeps the product spec's `real_sat_data*.jsonl` names for seed; Parquet uses the
 * Hugging Face hub's `train.parquet` / `validation.parquet` for every format.
 */
export function dataFileNames(format: FormatName, fileFormat: FileFormat, mixed = false): Record<Split, string> {
  if (fileFormat === 'parquet') return { train: 'train.parquet', validation: 'validation.parquet' };
  // `real_sat_data` is the real-data dump: a seed set that may hold synthetic examples is named as a training mix.
  if (format === 'seed' && mixed) return { train: 'training_mix.jsonl', validation: 'training_mix.validation.jsonl' };
  return format === 'seed' ? { train: 'real_sat_data.jsonl', validation: 'real_sat_data.validation.jsonl' } : { train: 'train.jsonl', validation: 'validation.jsonl' };
}

const SIDE_METADATA: Record<Split, string> = { train: 'metadata.jsonl', validation: 'metadata.validation.jsonl' };

/** Waits for whichever of two writes asks to wait. */
const bothWritten = (a: Promise<void> | undefined, b: Promise<void> | undefined) => (a && b ? Promise.all([a, b]).then(() => undefined) : (a ?? b));

/**
 * Opens the data files of an export. `sideMetadata` formats (records that allow no extra keys)
 * get `metadata*.jsonl` side files in JSONL; in Parquet their metadata is a `metadata` column of
 * the same file instead, so every Parquet format carries it the same way.
 */
export function openDataFiles(sink: AtomicDirSink, format: FormatName, fileFormat: FileFormat, sideMetadata: boolean, rowGroups?: RowGroupLimits, mixed = false): DataFiles {
  const names = dataFileNames(format, fileFormat, mixed);
  if (fileFormat === 'parquet') {
    const columns = FORMAT_SPECS[format].parquetColumns;
    const files = { train: new ParquetFile(sink, names.train, columns, rowGroups), validation: new ParquetFile(sink, names.validation, columns, rowGroups) };
    return {
      names,
      // The record back from its JSON, which holds it exactly (JSON.stringify made it).
      write: (split, bytes, start, mid, end) => {
        const json = bytes.toString('utf8', start, mid - 1);
        const record = JSON.parse(json) as Record<string, unknown>;
        if (mid < end) record.metadata = JSON.parse(bytes.toString('utf8', mid, end - 1));
        return files[split].add(record, json.length);
      },
      end: async () => {
        await files.train.end();
        await files.validation.end();
      },
    };
  }
  // Created even when no line is written to them (e.g. no validation users yet).
  for (const name of [names.train, names.validation, ...(sideMetadata ? [SIDE_METADATA.train, SIDE_METADATA.validation] : [])]) sink.touch(name);
  return {
    names,
    write: (split, bytes, start, mid, end) => {
      const data = sink.writeEncodedLine(names[split], bytes, start, mid);
      if (mid === end) return data;
      const meta = sink.writeEncodedLine(SIDE_METADATA[split], bytes, mid, end);
      return bothWritten(data, meta);
    },
    end: async () => {},
  };
}
