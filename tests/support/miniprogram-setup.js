// Globals a page expects from the mini-program runtime that miniprogram-simulate does not define.
global.getApp = () => ({ globalData: {} });
global.getCurrentPages = () => [];
