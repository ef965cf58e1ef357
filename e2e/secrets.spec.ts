/**
 * An agent's secret, once stored, never leaves the server: not in any page's HTML, not in any API
 * response, not in the server's log output. Pages and GET routes are enumerated from app/.
 */
import { readFile } from 'node:fs/promises';
import { encryptSecret } from '../lib/crypto/secrets';
import { expect, e2eSecretKey, test } from './support/fixtures';
import { E2E_SERVER_LOG } from './support/paths';
import { listApiRoutes, listPages, urlOf } from './support/routes';

test('[SECURITY][SECRETS]: a stored agent secret appears in no page, API response or log line', async ({
  adminPage: page,
  db,
  createToken,
  request,
}) => {
  const secret = `sk-e2e-${crypto.randomUUID()}`;
  const agent = await db.agent.create({
    data: {
      name: `secret-holder-${Date.now().toString(36)}`,
      displayName: 'Secret holder',
      kind: 'openai',
      endpointUrl: 'http://127.0.0.1:9/v1',
      config: { model: 'gpt-test' },
    },
  });
  const sealed = encryptSecret(secret, `agent:${agent.id}`, await e2eSecretKey());
  await db.agent.update({ where: { id: agent.id }, data: { secretCiphertext: sealed } });
  const needles = [secret, sealed, sealed.split('.')[3]!];

  const bodies: { where: string; body: string }[] = [];
  for (const route of listPages()) {
    const response = await page.goto(urlOf(route));
    bodies.push({ where: `page ${route}`, body: (await response?.text()) ?? '' });
    bodies.push({ where: `page ${route} (rendered)`, body: await page.content() });
  }
  const token = await createToken('admin');
  for (const { route, methods } of listApiRoutes()) {
    if (!methods.includes('GET')) continue;
    const response = await request.get(urlOf(route), {
      headers: { Authorization: `Bearer ${token}` },
    });
    bodies.push({ where: `GET ${route}`, body: await response.text() });
  }
  expect(bodies.length).toBeGreaterThan(10);
  // The agent is really on the pages we looked at (so the check is not vacuous).
  expect(bodies.some(({ body }) => body.includes('Secret holder'))).toBe(true);

  const log = await readFile(E2E_SERVER_LOG, 'utf8');
  for (const needle of needles) {
    for (const { where, body } of bodies)
      expect(body.includes(needle), `${where} leaks the secret`).toBe(false);
    expect(log.includes(needle), 'the server log leaks the secret').toBe(false);
  }
});
