/**
 * The activity page's own QR code (subpackages/deputy/pages/activity/qr.ts): the PNG it draws from the
 * server's check-in text decodes back to that text, for every length the check-in text can have.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  checkInQrImage,
  qrModules,
  qrPngDataUrl,
} from '../../miniprogram/subpackages/deputy/pages/activity/qr';

function decode(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe('the check-in QR image', () => {
  it.each([
    'activity:a_demo-activity-training:818347',
    `activity:a_${'x'.repeat(8)}:000000`,
    `activity:a_${'k3-9_Z'.repeat(10)}abcd:123456`,
    'x',
    '代表活动签到',
  ])('decodes back to %s', (text) => {
    const image = checkInQrImage(text);
    expect(image).toMatch(/^data:image\/png;base64,/);
    expect(decode(image as string)).toBe(text);
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('decodes with mask %d forced', (mask) => {
    const text = 'activity:a_mask-test-0123:654321';
    expect(decode(qrPngDataUrl(qrModules(text, mask) as boolean[][]))).toBe(text);
  });

  it('uses the smallest version that holds the text, and none past version 6', () => {
    expect(qrModules('x')?.length).toBe(21);
    expect(qrModules('activity:a_demo-activity-training:818347')?.length).toBe(29);
    expect(qrModules('y'.repeat(106))?.length).toBe(41);
    expect(qrModules('y'.repeat(107))).toBeNull();
    expect(checkInQrImage(null)).toBeNull();
  });
});
