import { describe, expect, it } from 'vitest';
import { describeConfiguration, describeDatabaseUrl } from './configuration';

describe('describeDatabaseUrl', () => {
  it('keeps host, port and database and drops the credentials', () => {
    expect(
      describeDatabaseUrl('postgresql://baton:s3cret@db.internal:6543/baton_prod?sslmode=require'),
    ).toEqual({
      host: 'db.internal',
      port: '6543',
      database: 'baton_prod',
    });
  });

  it('fills in the default port and rejects non-PostgreSQL or malformed URLs', () => {
    expect(describeDatabaseUrl('postgres://localhost/baton')).toEqual({
      host: 'localhost',
      port: '5432',
      database: 'baton',
    });
    expect(describeDatabaseUrl('mysql://localhost/baton')).toBeNull();
    expect(describeDatabaseUrl('not a url')).toBeNull();
  });
});

describe('describeConfiguration', () => {
  it('never shows the password or user of DATABASE_URL', () => {
    const rows = describeConfiguration({
      DATABASE_URL: 'postgresql://admin:hunter2@10.0.0.5:5432/baton',
    });
    const database = rows.find((row) => row.name === 'DATABASE_URL');
    expect(database).toMatchObject({ isSet: true, shown: '10.0.0.5:5432 / baton' });
    expect(JSON.stringify(rows)).not.toMatch(/hunter2|admin/);
  });

  it('hides the value of anything named like a secret, and shows defaults for unset variables', () => {
    const rows = describeConfiguration({ BATON_SECRET_KEY: 'abc123', LOG_LEVEL: 'debug' }, [
      { name: 'BATON_SECRET_KEY', purpose: '', display: 'value', fallback: 'none' },
      { name: 'LOG_LEVEL', purpose: '', display: 'value', fallback: 'info' },
      { name: 'PORT', purpose: '', display: 'value', fallback: '3000' },
    ]);
    expect(rows.map((row) => [row.name, row.isSet, row.shown])).toEqual([
      ['BATON_SECRET_KEY', true, 'Set (hidden)'],
      ['LOG_LEVEL', true, 'debug'],
      ['PORT', false, '3000'],
    ]);
  });
});
