import { describe, expect, it } from 'vitest';
import { parse } from '../hl7';
import { laneKeyOf, messageTypeMatches, routeMatches } from './route-match';

const oru = parse(['MSH|^~\\&|LIS|LAB1|EHR|CLINIC|20240101120000||ORU^R01^ORU_R01|C1|P|2.5.1', 'PID|1||12345^^^HOSP^MR~999^^^SSA||Doe^Jane', 'OBX|1|NM|GLU||5.4'].join('\r'));
const adt = parse(['MSH|^~\\&|PMS|CLINIC2|EHR|CLINIC|20240101120000||ADT^A08|C2|P|2.5.1', 'EVN|A08', 'PID|1||'].join('\r'));

describe('route matching', () => {
  it('matches a message type exactly, by a trigger wildcard, or by the message code alone', () => {
    expect(messageTypeMatches('ORU^R01', 'ORU^R01')).toBe(true);
    expect(messageTypeMatches('ORU^R01', 'ORU^R03')).toBe(false);
    expect(messageTypeMatches('ADT^*', 'ADT^A08')).toBe(true);
    expect(messageTypeMatches('ADT', 'ADT^A01')).toBe(true);
    expect(messageTypeMatches('ADT^*', 'ORU^R01')).toBe(false);
  });

  it('takes every message when the filter is empty, and only listed types when it lists some', () => {
    expect(routeMatches({}, oru)).toBe(true);
    expect(routeMatches({ messageTypes: [] }, adt)).toBe(true);
    expect(routeMatches({ messageTypes: ['ORU^R01'] }, oru)).toBe(true);
    expect(routeMatches({ messageTypes: ['ORU^R01'] }, adt)).toBe(false);
    expect(routeMatches({ messageTypes: ['ORM^O01', 'ADT^*'] }, adt)).toBe(true);
  });

  it('compares the sending facility with MSH-4 first component', () => {
    expect(routeMatches({ sendingFacility: 'LAB1' }, oru)).toBe(true);
    expect(routeMatches({ sendingFacility: 'LAB1' }, adt)).toBe(false);
  });

  it('evaluates a condition on a field: equals, notEquals, exists and matches, absent segments reading as empty', () => {
    expect(routeMatches({ condition: { path: 'PID-3.1', op: 'equals', value: '12345' } }, oru)).toBe(true);
    expect(routeMatches({ condition: { path: 'PID-3.1', op: 'equals', value: '54321' } }, oru)).toBe(false);
    expect(routeMatches({ condition: { path: 'PID-3.4', op: 'notEquals', value: 'OTHER' } }, oru)).toBe(true);
    expect(routeMatches({ condition: { path: 'PID-3.1', op: 'exists' } }, adt)).toBe(false);
    expect(routeMatches({ condition: { path: 'OBX-3', op: 'exists' } }, adt)).toBe(false);
    expect(routeMatches({ condition: { path: 'OBX-3', op: 'exists' } }, oru)).toBe(true);
    expect(routeMatches({ condition: { path: 'MSH-3', op: 'matches', value: '^LI' } }, oru)).toBe(true);
    expect(routeMatches({ condition: { path: 'MSH-3', op: 'matches', value: '^LI' } }, adt)).toBe(false);
  });

  it('requires every given part of the filter to hold', () => {
    expect(routeMatches({ messageTypes: ['ORU^R01'], sendingFacility: 'LAB2' }, oru)).toBe(false);
    expect(routeMatches({ messageTypes: ['ORU^R01'], sendingFacility: 'LAB1', condition: { path: 'PID-3.1', op: 'exists' } }, oru)).toBe(true);
  });

  it('lanes by destination, or by destination and the first PID-3 identifier with its authority', () => {
    expect(laneKeyOf('CONN_D', 'destination', oru)).toBe('CONN_D');
    expect(laneKeyOf('CONN_D', 'patient', oru)).toBe('CONN_D|12345^HOSP');
    expect(laneKeyOf('CONN_D', 'patient', adt)).toBe('CONN_D');
  });
});
