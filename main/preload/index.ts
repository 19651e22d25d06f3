// Preload: replaced by the Electron shell (issue 5).
export {};
