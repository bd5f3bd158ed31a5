// Where email goes: an SMTP server (nodemailer) when one is configured; otherwise nowhere but the outbox
// page, which is how development and the demo read what would have been sent (issue: "in development a
// local outbox page").
import nodemailer from 'nodemailer';
import type { EmailConfig } from '../config.ts';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

export interface MailTransport {
  /** 'smtp', or 'local' when nothing leaves the machine. */
  kind: 'smtp' | 'local';
  /** Resolves once the server has accepted the message; throws if it did not. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const localTransport: MailTransport = {
  kind: 'local',
  async send() {
    /* kept in the outbox only */
  },
  close() {
    /* nothing open */
  },
};

export function createMailTransport(email: EmailConfig): MailTransport {
  const { smtp } = email;
  if (!smtp) return localTransport;
  // Bounded waits: an attempt must end well inside the 'sending' timeout, or a slow server would look
  // like a crash and the message would be sent twice.
  const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
  const transporter =
    'url' in smtp
      ? nodemailer.createTransport({ url: smtp.url, ...timeouts })
      : nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          ...timeouts,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
        });
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        // RFC 3834: an automatic message, so out-of-office replies are not sent back to it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transporter.close();
    },
  };
}
