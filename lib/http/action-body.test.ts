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

  it('refuses a text/plain argument list that is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('[null,"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"]'),
    ]);
    expect(await actionBodyProblem(call(bytes, 'text/plain;charset=UTF-8'))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/not valid UTF-8/),
    });
    expect(await actionBodyProblem(call('[null,"é"]', 'text/plain;charset=UTF-8'))).toBeNull();
  });
});

describe('multipart fields that are not UTF-8', () => {
  const boundary = '----chaos';
  const multipart = (parts: { name: string; value: Buffer; filename?: string }[]) =>
    Buffer.concat([
      ...parts.flatMap((p) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${
            p.filename ? `; filename="${p.filename}"\r\nContent-Type: application/octet-stream` : ''
          }\r\n\r\n`,
        ),
        p.value,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
  const signIn = (password: Buffer, filename?: string) =>
    call(
      multipart([
        { name: '1_email', value: Buffer.from('admin@baton.test') },
        { name: '1_password', value: password, ...(filename && { filename }) },
        { name: '0', value: Buffer.from('["$K1"]') },
      ]),
      `multipart/form-data; boundary=${boundary}`,
    );

  it('refuses a form whose password is not UTF-8 (Next.js would read it as U+FFFD)', async () => {
    const problem = await actionBodyProblem(
      signIn(Buffer.concat([Buffer.from('hunter'), Buffer.from([0xff, 0xfe])])),
    );
    expect(problem).toMatchObject({
      status: 400,
      message: expect.stringMatching(/not valid UTF-8/),
    });
  });

  it('passes valid multi-byte text, and leaves file parts alone', async () => {
    expect(await actionBodyProblem(signIn(Buffer.from('pässwörd-✓')))).toBeNull();
    expect(await actionBodyProblem(signIn(Buffer.from([0xff, 0x00, 0xfe]), 'key.bin'))).toBeNull();
  });

  it('passes what the browser FormData encoder writes', async () => {
    const data = form('[null,"$K1"]');
    data.append('1_password', 'ünïcödé');
    expect(await actionBodyProblem(call(data))).toBeNull();
  });
});
