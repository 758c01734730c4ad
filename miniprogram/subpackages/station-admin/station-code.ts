/** Which station a station-desk page is about. */
import { api } from '../../services/api';

/** `?code=JG01` (any case), or else the caller's own station; '' when they have none. */
export async function stationCodeOf(query: Record<string, string | undefined>): Promise<string> {
  const code = (query.code ?? '').toUpperCase();
  if (code) return code;
  const me = await api.account.whoami();
  return me.ok ? (me.data.stationCode ?? '') : '';
}
