/** Exact JSON in and out; see json-read.ts and json-write.ts. */
export {
  type JsonLinesError,
  type JsonLinesResult,
  JsonParseError,
  parseJsonExact,
  readJsonLines,
} from './json-read.ts';
export {
  createRowFormatter,
  formatJsonLines,
  formatJsonRow,
  formatJsonValue,
  type JsonRowFormatter,
  quoteJsonString,
} from './json-write.ts';
