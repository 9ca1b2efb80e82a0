import type { SchemaElement } from 'hyparquet-writer';
import type { LineMetadata } from './index.ts';

type LeafType = 'string' | 'int32' | 'boolean';

export type ParquetColumn =
  | { name: string; type: LeafType }
  | { name: string; struct: ParquetColumn[] }
  | { name: string; listOf: ParquetColumn[] };

/** A string column. */
export const string = (name: string): ParquetColumn => ({ name, type: 'string' });

/** Every LineMetadata field (the type makes a new field a compile error here); optional ones are null where the JSON omits them. */
const METADATA_FIELDS: Record<keyof LineMetadata, LeafType> = {
  example_id: 'string', source_table: 'string', origin: 'string', model_id: 'string', prompt_version: 'string',
  created_date: 'string', user_key: 'string', rating: 'int32', helpful: 'boolean', review_status: 'string',
};
/**
 * A struct column of one example's LineMetadata. Every format has a `metadata` column (the side
 * file's content for formats whose JSONL records allow no extra keys).
 */
export const lineMetadata = (name: string): ParquetColumn & { struct: ParquetColumn[] } => ({ name, struct: Object.entries(METADATA_FIELDS).map(([field, type]) => ({ name: field, type })) });

/**
 * The flat, depth-first schema Parquet stores. Every field is OPTIONAL (nullable), as Arrow and
 * `datasets` write them; lists use the standard three-level LIST layout (`list` / `element`).
 */
export function parquetSchema(columns: ParquetColumn[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'schema', num_children: columns.length }];
  const add = (c: ParquetColumn) => {
    if ('type' in c) {
      if (c.type === 'string') out.push({ name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' });
      else out.push({ name: c.name, type: c.type === 'int32' ? 'INT32' : 'BOOLEAN', repetition_type: 'OPTIONAL' });
    } else if ('struct' in c) {
      out.push({ name: c.name, repetition_type: 'OPTIONAL', num_children: c.struct.length });
      c.struct.forEach(add);
    } else {
      out.push(
        { name: c.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', num_children: c.listOf.length },
      );
      c.listOf.forEach(add);
    }
  };
  columns.forEach(add);
  return out;
}

const LEAF_TYPES = { string: 'string', int32: 'number', boolean: 'boolean' } as const;

/**
 * Throws unless `value` fits `columns`: a record field with no column would be dropped from the
 * file without a word, and a value of the wrong type would be written as garbage.
 */
export function assertFitsColumns(value: Record<string, unknown>, columns: ParquetColumn[], where = ''): void {
  for (const key of Object.keys(value)) {
    const v = value[key];
    const c = columns.find((col) => col.name === key);
    const at = `${where}${key}`;
    if (!c) throw new Error(`record field "${at}" has no Parquet column; add it to the format's parquetColumns (FORMAT_SPECS, formats/index.ts)`);
    if (v === null || v === undefined) continue;
    if ('type' in c) {
      if (typeof v !== LEAF_TYPES[c.type] || (c.type === 'int32' && !Number.isInteger(v))) throw new Error(`record field "${at}" is not a Parquet ${c.type}: ${JSON.stringify(v)}`);
    } else if ('struct' in c) {
      if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`record field "${at}" is not an object`);
      assertFitsColumns(v as Record<string, unknown>, c.struct, `${at}.`);
    } else {
      if (!Array.isArray(v)) throw new Error(`record field "${at}" is not a list`);
      for (const item of v) {
        if (item !== null && (typeof item !== 'object' || Array.isArray(item))) throw new Error(`record field "${at}[]" is not an object`);
        if (item) assertFitsColumns(item as Record<string, unknown>, c.listOf, `${at}[].`);
      }
    }
  }
}
