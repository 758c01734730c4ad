// Globals a page expects from the mini-program runtime that miniprogram-simulate does not define.
global.getApp = () => ({ globalData: {} });
global.getCurrentPages = () => [];

// jsdom has no structuredClone; the in-process local cloud's engine (local/engine/database.ts) uses it.
// v8's serializer is the same structured-clone algorithm Node's own structuredClone uses.
if (typeof globalThis.structuredClone !== 'function') {
  const v8 = require('node:v8');
  globalThis.structuredClone = (value) => v8.deserialize(v8.serialize(value));
}
// Nor TextEncoder/TextDecoder, which the qrcode package uses when a function renders a check-in QR.
if (typeof globalThis.TextEncoder !== 'function') {
  const { TextEncoder, TextDecoder } = require('node:util');
  Object.assign(globalThis, { TextEncoder, TextDecoder });
}
