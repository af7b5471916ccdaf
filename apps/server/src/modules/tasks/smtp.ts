import net from 'node:net';
import tls from 'node:tls';

export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

const encodeWord = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const ADDRESS = /^[^\s<>@,;"]+@[^\s<>@,;"]+$/;

/** A minimal SMTP client (EHLO, STARTTLS, AUTH PLAIN, one recipient, UTF-8 text body). */
export async function sendMail(settings: SmtpSettings, msg: MailMessage, opts: { timeoutMs?: number; date?: Date } = {}): Promise<void> {
  if (!ADDRESS.test(msg.to) || !ADDRESS.test(settings.from)) throw new Error(`invalid address: ${msg.to}`);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let socket: net.Socket = settings.secure
    ? tls.connect({ host: settings.host, port: settings.port, servername: settings.host })
    : net.connect({ host: settings.host, port: settings.port });
  socket.setTimeout(timeoutMs);

  let buffer = '';
  let waiting: { resolve: (r: { code: number; lines: string[] }) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const pendingLines: string[] = [];

  const tryDeliver = () => {
    if (!waiting) return;
    if (failure) {
      waiting.reject(failure);
      waiting = null;
      return;
    }
    const end = pendingLines.findIndex((l) => /^\d{3} /.test(l) || /^\d{3}$/.test(l));
    if (end < 0) return;
    const lines = pendingLines.splice(0, end + 1);
    const w = waiting;
    waiting = null;
    w.resolve({ code: Number(lines[end].slice(0, 3)), lines });
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let i = buffer.indexOf('\n');
    while (i >= 0) {
      pendingLines.push(buffer.slice(0, i).replace(/\r$/, ''));
      buffer = buffer.slice(i + 1);
      i = buffer.indexOf('\n');
    }
    tryDeliver();
  };
  const onError = (err: Error) => {
    failure = err;
    tryDeliver();
  };
  const attach = (s: net.Socket) => {
    s.on('data', onData);
    s.on('error', onError);
    s.on('timeout', () => {
      onError(new Error('SMTP timeout'));
      s.destroy();
    });
    s.on('close', () => onError(new Error('SMTP connection closed')));
  };
  attach(socket);

  const reply = () =>
    new Promise<{ code: number; lines: string[] }>((resolve, reject) => {
      waiting = { resolve, reject };
      tryDeliver();
    });
  const expect = async (codes: number[], what: string) => {
    const r = await reply();
    if (!codes.includes(r.code)) throw new Error(`SMTP ${what}: ${r.lines.join(' | ')}`);
    return r;
  };
  const command = async (line: string, codes: number[], what = line.split(' ')[0]) => {
    socket.write(`${line}\r\n`);
    return expect(codes, what);
  };

  try {
    await expect([220], 'greeting');
    let ehlo = await command('EHLO taizhang', [250]);
    if (!settings.secure && ehlo.lines.some((l) => /STARTTLS/i.test(l))) {
      await command('STARTTLS', [220]);
      socket.removeAllListeners();
      socket = tls.connect({ socket, servername: settings.host });
      socket.setTimeout(timeoutMs);
      attach(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', () => resolve());
        socket.once('error', reject);
      });
      ehlo = await command('EHLO taizhang', [250]);
    }
    if (settings.user) {
      const token = Buffer.from(`\u0000${settings.user}\u0000${settings.password ?? ''}`, 'utf8').toString('base64');
      await command(`AUTH PLAIN ${token}`, [235], 'AUTH');
    }
    await command(`MAIL FROM:<${settings.from}>`, [250]);
    await command(`RCPT TO:<${msg.to}>`, [250, 251]);
    await command('DATA', [354]);
    const body = Buffer.from(msg.text, 'utf8')
      .toString('base64')
      .replace(/.{1,76}/g, '$&\r\n');
    const data = [
      `From: ${settings.from}`,
      `To: ${msg.to}`,
      `Subject: ${encodeWord(msg.subject)}`,
      `Date: ${(opts.date ?? new Date()).toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      body,
    ].join('\r\n');
    socket.write(`${data}\r\n.\r\n`);
    await expect([250], 'DATA end');
    socket.write('QUIT\r\n');
  } finally {
    socket.removeAllListeners();
    socket.on('error', () => {});
    socket.end();
  }
}
