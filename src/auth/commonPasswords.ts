// Passwords people choose most often (ASVS 5.0 V6.2.4: check new passwords against a list of common
// ones). A short list of the most frequent, plus the patterns behind most of the rest: the service's own
// name, the user's own email or name, and one character repeated.
const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'letmein',
  'welcome',
  'welcome1',
  'welcome123',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  'qwerty12345',
  'asdfghjkl',
  'zxcvbnm',
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '123123123',
  '111111111111',
  '000000000000',
  'iloveyou',
  'iloveyou123',
  'sunshine',
  'sunshine123',
  'football',
  'football123',
  'liverpool',
  'liverpool123',
  'arsenal123',
  'chelsea123',
  'manchester',
  'monkey123',
  'dragon123',
  'princess123',
  'abc123456789',
  'abcdefghijkl',
  'trustno1',
  'baseball',
  'superman',
  'batman123',
  'starwars',
  'whatever',
  'changeme',
  'changeme123',
  'default',
  'nhs123456789',
  'nhspassword',
  'nhspassword1',
  'summer2024',
  'summer2025',
  'summer2026',
  'winter2024',
  'winter2025',
  'winter2026',
  'spring2026',
  'autumn2026',
  'january2026',
  'november2026',
  'december2026',
  'passwordpassword',
  'letmein123',
  'administrator',
  'admin123456',
  'adminadmin',
  'reconnect',
  'reconnect1',
  'reconnect123',
  'reconnect2026',
  'qazwsxedcrfv',
  '1q2w3e4r5t6y',
]);

export function isCommonPassword(password: string, user: { email: string; name: string }): boolean {
  const p = password.toLowerCase();
  const squashed = p.replace(/[^a-z0-9@]/g, '');
  const local = user.email.toLowerCase().split('@')[0] ?? '';
  const nameParts = user.name
    .toLowerCase()
    .split(/\s+/)
    .filter((part) => part.length >= 3);
  return (
    COMMON.has(p) ||
    COMMON.has(squashed) ||
    /^(.)\1+$/.test(p) ||
    (local.length >= 3 && p.includes(local)) ||
    nameParts.some((part) => p.includes(part))
  );
}
