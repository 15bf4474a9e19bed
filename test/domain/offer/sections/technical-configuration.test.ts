import { sectionStatus } from '../../../../domain/offer/status';
import {
  completeOfferDraft,
  completeTechnicalConfigurationWrite,
  storedForm,
  validCrmPackageUrl,
} from '../../../support/offerFixtures';
import {
  failingPointers,
  statusAfterWrite,
  writeIssues,
  writePointers,
} from '../../../support/sectionChecks';

const tc = (over: Record<string, unknown>) => ({ ...completeTechnicalConfigurationWrite(), ...over });
const sas = (query: string) => `https://contosopackages.blob.core.windows.net/packages/app.zip?${query}`;

describe('technical-configuration section: write rules', () => {
  it('When the complete fixture or an empty body is written, then it is accepted', () => {
    expect(writeIssues('technical-configuration', completeTechnicalConfigurationWrite())).toEqual([]);
    expect(writeIssues('technical-configuration', {})).toEqual([]);
  });

  it('When baseLicenseModel is not resource or user, then refused', () => {
    expect(writePointers('technical-configuration', { baseLicenseModel: 'tenant' })).toEqual([
      '/baseLicenseModel',
    ]);
  });

  it('When applicationConfigurationUrl is not an absolute http(s) URL, then refused', () => {
    expect(writePointers('technical-configuration', { applicationConfigurationUrl: 'configure' })).toEqual([
      '/applicationConfigurationUrl',
    ]);
  });

  it('When the CRM package URL is not https, not on Azure blob storage, or its SAS is not read-only, then refused', () => {
    const bad = [
      validCrmPackageUrl.replace('https://', 'http://'),
      'https://packages.contoso.example/packages/app.zip?sp=r&se=2099-01-01&sig=x',
      sas('sp=rw&se=2099-01-01T00:00:00Z&sig=x'),
      sas('sp=r&se=2099-01-01T00:00:00Z'),
      sas('sp=r&sig=x'),
      sas('sp=r&se=someday&sig=x'),
      'https://contosopackages.blob.core.windows.net/app.zip?sp=r&se=2099-01-01&sig=x',
    ];
    for (const url of bad) {
      const issues = writeIssues('technical-configuration', { crmPackageUrl: url });
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.pointer === '/crmPackageUrl')).toBe(true);
    }
  });

  it('When a package region is unknown or repeated, then refused at that item', () => {
    expect(writePointers('technical-configuration', { packageRegions: [{ region: 'mars' }] })).toEqual([
      '/packageRegions/0/region',
    ]);
    expect(
      writeIssues('technical-configuration', { packageRegions: [{ region: 'nam' }, { region: 'nam' }] }),
    ).toEqual([expect.objectContaining({ pointer: '/packageRegions/1', code: 'duplicate' })]);
  });

  it('When a package region overrides the configuration URL with a malformed one, then refused', () => {
    expect(
      writePointers('technical-configuration', {
        packageRegions: [{ region: 'eur', applicationConfigurationUrl: 'x' }],
      }),
    ).toEqual(['/packageRegions/0/applicationConfigurationUrl']);
  });
});

describe('technical-configuration section: completeness', () => {
  it('When the complete fixture is stored, then the section is complete without notes', () => {
    const status = statusAfterWrite('technical-configuration', completeTechnicalConfigurationWrite());
    expect(status).toEqual({ status: 'complete', failingFields: [] });
  });

  it('When nothing is set, then baseLicenseModel, crmPackageUrl and packageRegions fail', () => {
    expect(failingPointers('technical-configuration', {})).toEqual([
      '/baseLicenseModel',
      '/crmPackageUrl',
      '/packageRegions',
    ]);
  });

  it('When the SAS has expired at the time of the check, then crmPackageUrl fails with sasExpired', () => {
    const draft = completeOfferDraft();
    draft.sections['technical-configuration'] = storedForm(
      'technical-configuration',
      tc({ crmPackageUrl: sas('sp=r&se=2030-01-01T00:00:00Z&sig=x') }),
    );
    expect(
      sectionStatus('technical-configuration', draft, { now: new Date('2029-12-31T23:59:59Z') }).status,
    ).toBe('complete');
    const expired = sectionStatus('technical-configuration', draft, {
      now: new Date('2030-01-01T00:00:00Z'),
    });
    expect(expired.failingFields).toEqual([
      expect.objectContaining({ pointer: '/crmPackageUrl', code: 'sasExpired' }),
    ]);
  });

  it('When a sovereign region is selected, then the section stays complete and carries a sovereignRegion note', () => {
    const status = statusAfterWrite(
      'technical-configuration',
      tc({ packageRegions: [{ region: 'nam' }, { region: 'germany-sovereign' }] }),
    );
    expect(status.status).toBe('complete');
    expect(status.notes).toEqual([
      expect.objectContaining({ pointer: '/packageRegions/1/region', code: 'sovereignRegion' }),
    ]);
  });

  it('When requiresS2SOutboundOrSecureStore is true, then a note flags extra certification steps', () => {
    const status = statusAfterWrite(
      'technical-configuration',
      tc({ requiresS2SOutboundOrSecureStore: true }),
    );
    expect(status.status).toBe('complete');
    expect(status.notes).toEqual([expect.objectContaining({ code: 'extraCertificationSteps' })]);
  });
});
