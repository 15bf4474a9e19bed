import { offerReadiness, sectionStatus } from '../../../domain/offer/status';
import { sectionNames } from '../../../domain/offer/sectionNames';
import { testDriveTypes } from '../../../domain/offer/sections/setup';
import {
  completeOfferDraft,
  completeSetupWrite,
  completeSetupWithoutTestDriveWrite,
  completeTestDriveWrite,
  fixtureAlias,
  storedForm,
} from '../../support/offerFixtures';

describe('sectionStatus and offerReadiness', () => {
  it.each(testDriveTypes)(
    'When every section of an offer with a %s test drive is complete, then the offer is ready',
    (type) => {
      const readiness = offerReadiness(completeOfferDraft(type));
      expect(Object.fromEntries(sectionNames.map((n) => [n, readiness.sections[n].failingFields]))).toEqual(
        Object.fromEntries(sectionNames.map((n) => [n, []])),
      );
      expect(readiness.ready).toBe(true);
    },
  );

  it('When a section was never saved, then it is notStarted and the offer is not ready', () => {
    const draft = completeOfferDraft();
    delete draft.sections.availability;
    const readiness = offerReadiness(draft);
    expect(readiness.sections.availability).toEqual({ status: 'notStarted', failingFields: [] });
    expect(readiness.ready).toBe(false);
  });

  it('When no section was saved, then every section is notStarted except test-drive, which is notRequired', () => {
    const readiness = offerReadiness({ alias: fixtureAlias, sections: {} });
    for (const name of sectionNames) {
      expect(readiness.sections[name].status).toBe(name === 'test-drive' ? 'notRequired' : 'notStarted');
    }
    expect(readiness.ready).toBe(false);
  });

  it('When the test drive is disabled, then test-drive is notRequired even if something was saved there', () => {
    const draft = completeOfferDraft();
    draft.sections.setup = storedForm('setup', completeSetupWithoutTestDriveWrite());
    draft.sections['test-drive'] = storedForm('test-drive', {});
    expect(sectionStatus('test-drive', draft)).toEqual({ status: 'notRequired', failingFields: [] });
    expect(offerReadiness(draft).ready).toBe(true);
  });

  it('When the test drive is enabled and its section was never saved, then test-drive is notStarted', () => {
    const draft = completeOfferDraft();
    delete draft.sections['test-drive'];
    expect(sectionStatus('test-drive', draft).status).toBe('notStarted');
    expect(offerReadiness(draft).ready).toBe(false);
  });

  it('When a section is saved without its required values, then it is incomplete with the failing fields', () => {
    const draft = completeOfferDraft();
    draft.sections['supplemental-content'] = storedForm('supplemental-content', {});
    const status = sectionStatus('supplemental-content', draft);
    expect(status.status).toBe('incomplete');
    expect(status.failingFields).toEqual([
      { pointer: '/keyUsageScenario', code: 'required', message: 'keyUsageScenario is required' },
    ]);
    expect(offerReadiness(draft).ready).toBe(false);
  });

  it('When a stored document no longer matches its schema, then the section is incomplete with field issues', () => {
    const draft = completeOfferDraft();
    draft.sections.availability = { markets: ['xx'], hideKey: 'abc' };
    const status = sectionStatus('availability', draft);
    expect(status.status).toBe('incomplete');
    expect(status.failingFields.map((f) => f.pointer)).toEqual(['/markets/0']);
  });

  it('When setup changes the test drive type, then test-drive is judged by the new type', () => {
    const draft = completeOfferDraft('powerBI');
    expect(sectionStatus('test-drive', draft).status).toBe('complete');
    draft.sections.setup = storedForm('setup', completeSetupWrite('azureResourceManager'));
    const status = sectionStatus('test-drive', draft);
    expect(status.status).toBe('incomplete');
    expect(status.failingFields.map((f) => f.pointer)).toContain('/template');
  });

  it('When the ARM test-drive body is stored for an ARM offer, then the section is complete', () => {
    const draft = completeOfferDraft('azureResourceManager');
    draft.sections['test-drive'] = storedForm(
      'test-drive',
      JSON.parse(JSON.stringify(completeTestDriveWrite('azureResourceManager'))),
    );
    expect(sectionStatus('test-drive', draft).status).toBe('complete');
  });
});
