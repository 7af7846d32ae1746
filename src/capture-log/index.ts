export * from './schema';
export * from './read-capture-log';
export * from './read-events-jsonl';
export { formatJsonPath } from './json-path';
export * from './pointer-bounds';
