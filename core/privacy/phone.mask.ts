/**
 * Phone numbers are shown masked everywhere except the one view that needs them (DOMAIN.md, privacy).
 * Mainland mobiles keep the first 3 and last 4 digits (138****5678); other numbers keep their last 4.
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '****';
  return `${'*'.repeat(Math.min(digits.length - 4, 8))}${digits.slice(-4)}`;
}
