import { describe, expect, it } from 'vitest';
import { actionBodyProblem } from './action-body';

function call(body: BodyInit | null, contentType?: string) {
  return new Request('http://localhost/settings', {
    method: 'POST',
    headers: { 'next-action': 'abc', ...(contentType && { 'content-type': contentType }) },
    body,
  });
}

function form(root?: string) {
  const data = new FormData();
  data.append('1_agentId', '');
  if (root !== undefined) data.append('0', root);
  return data;
}

describe('actionBodyProblem', () => {
  it('lets through what React sends: a JSON array, or multipart with the array in part 0', async () => {
    expect(await actionBodyProblem(call('[null,{"a":1}]', 'text/plain;charset=UTF-8'))).toBeNull();
    expect(await actionBodyProblem(call(form('[null,"$K1"]')))).toBeNull();
  });

  it('refuses bodies Next.js would answer 500 to', async () => {
    for (const body of ['', '[null,{"a"', 'null', '42', '<a>1</a>']) {
      expect(await actionBodyProblem(call(body, 'text/plain')), body).toMatchObject({
        status: 400,
      });
    }
    expect(await actionBodyProblem(call(form()))).toMatchObject({ status: 400 });
    expect(await actionBodyProblem(call(form('{"a":1}')))).toMatchObject({ status: 400 });
    expect(
      await actionBodyProblem(call('<a>1</a>', 'multipart/form-data; boundary=x')),
    ).toMatchObject({ status: 400 });
    expect(
      await actionBodyProblem(call('name=x', 'application/x-www-form-urlencoded')),
    ).toMatchObject({ status: 415 });
    expect(await actionBodyProblem(call(null))).toMatchObject({ status: 415 });
  });
});
