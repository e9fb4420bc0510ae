export * from './compile.js';
export * from './runner.js';
export * from './profiles.js';
export { HASH_MACROS, hash32, saltOf } from './hash_sql.js';
export { CoreModel, MAX_YEARS } from './core_model.js';
