// Email settings and the SMTP transport: what reaches a mail server (a minimal one, in this process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.ts';
import { createMailTransport } from './mailTransport.ts';

describe('email settings', () => {
  it('default to the local outbox, with links to this machine, and jobs off in tests only', () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '4000' });
    expect(config.email).toMatchObject({
      smtp: undefined,
      publicUrl: 'http://localhost:4000',
      maxAttempts: 5,
      sendingTimeoutMinutes: 10,
    });
    expect(config.jobs).toEqual({ enabled: false, digestCron: '0 8-17 * * 1-5', digestTimezone: 'Europe/London' });
    expect(loadConfig({}).jobs.enabled).toBe(true);
    expect(loadConfig({ RECONNECT_JOBS: 'off' }).jobs.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', RECONNECT_JOBS: 'on' }).jobs.enabled).toBe(true);
  });

  it('take an SMTP URL or host, and need a sender with either', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org', EMAIL_FROM: 'a@example.org' }).email.smtp).toEqual({
      url: 'smtps://u:p@mail.example.org',
    });
    expect(
      loadConfig({
        SMTP_HOST: 'mail.example.org',
        SMTP_PORT: '465',
        SMTP_USER: 'u',
        SMTP_PASS: 'p',
        EMAIL_FROM: 'a@example.org',
      }).email.smtp,
    ).toEqual({ host: 'mail.example.org', port: 465, secure: true, user: 'u', pass: 'p' });
    expect(() => loadConfig({ SMTP_HOST: 'mail.example.org' })).toThrow('EMAIL_FROM');
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org', EMAIL_FROM: 'a@example.org' })).toThrow('SMTP_URL');
    expect(() => loadConfig({ PUBLIC_URL: 'reconnect.example.org' })).toThrow('PUBLIC_URL');
    expect(loadConfig({ PUBLIC_URL: 'https://reconnect.example.org/' }).email.publicUrl).toBe(
      'https://reconnect.example.org',
    );
  });
});

/** Just enough SMTP (RFC 5321) to accept messages and keep what was sent. */
function fakeSmtpServer() {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) {
          socket.end('221 bye\r\n');
        } else socket.write('250 ok\r\n');
      }
    });
  });
  return { server, received };
}

describe('the SMTP transport', () => {
  const smtp = fakeSmtpServer();
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        smtp.server.close(() => {
          resolve();
        });
      }),
  );

  it("sends plain text with the outbox row's Message-ID, marked as automatic", async () => {
    const config = loadConfig({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      EMAIL_FROM: 'Reconnect <reconnect@example.org>',
    });
    const transport = createMailTransport(config.email);
    expect(transport.kind).toBe('smtp');
    await transport.send({
      from: config.email.from,
      to: 'manager@example.org',
      subject: 'Reconnect: 1 new urgent item on your worklist',
      text: 'See https://reconnect.example.org/worklist',
      messageId: '<abc@reconnect.example.org>',
    });
    transport.close();
    expect(smtp.received).toHaveLength(1);
    const message = smtp.received[0]!;
    expect(message).toMatch(/^Message-ID: <abc@reconnect\.example\.org>$/m);
    expect(message).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(message).toMatch(/^To: manager@example\.org$/m);
    expect(message).toMatch(/^Content-Type: text\/plain/m);
    expect(message).toContain('See https://reconnect.example.org/worklist');
  });

  it('throws when the server cannot be reached, so the row is retried', async () => {
    const transport = createMailTransport(
      loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', EMAIL_FROM: 'a@example.org' }).email,
    );
    await expect(
      transport.send({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't', messageId: '<x@y>' }),
    ).rejects.toThrow();
    transport.close();
  });
});
