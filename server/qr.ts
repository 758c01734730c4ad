/**
 * A check-in QR code as a PNG data URL (the qrcode package), for a booking, an activity or a session:
 * the text a deputy's or villager's scan sends back. Rows are stored unfiltered (PNG filter type 0): a
 * two-colour image compresses as well without the adaptive filter, and pngjs's filter search is what
 * costs (1.5 s an image under jest's sandbox, where every screen and walk draws them; 5 ms without).
 */
import QRCode from 'qrcode';

/** pngjs options for a QR image (the adaptive filter search buys nothing on two colours). */
export const QR_PNG_OPTIONS = { filterType: 0, deflateLevel: 9 };

export async function qrDataUrl(text: string, width: number): Promise<string> {
  const png = await QRCode.toBuffer(text, { type: 'png', margin: 1, width, rendererOpts: QR_PNG_OPTIONS });
  return `data:image/png;base64,${png.toString('base64')}`;
}
