import { stackInfo } from './stack';

describe('integration stack hand-over', () => {
  it('When globalSetup started the stack, then its app settings are in the test process environment', () => {
    const { appSettings } = stackInfo();
    expect(process.env.COSMOS_ENDPOINT).toBe(appSettings.COSMOS_ENDPOINT);
    expect(process.env.ASSETS_BLOB_ENDPOINT).toBe(appSettings.ASSETS_BLOB_ENDPOINT);
    expect(process.env.EMAIL_CONNECTION_STRING).toBe(appSettings.EMAIL_CONNECTION_STRING);
  });
});
