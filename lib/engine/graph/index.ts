export * from './types';
export * from './status';
export * from './build';
export * from './layout';
export * from './replay';
export * from './trace';
export * from './timeline';
export * from './summary';
