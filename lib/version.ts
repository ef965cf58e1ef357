import packageJson from '@/package.json' with { type: 'json' };

/** Baton's version, from package.json. */
export const BATON_VERSION: string = packageJson.version;
