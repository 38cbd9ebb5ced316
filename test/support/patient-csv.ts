/** The CSV mapping the batch tests use: a Patient per row, through the mapping transforms. */
export const PATIENT_MAPPING = {
  resourceType: 'Patient',
  columns: [
    { column: 'mrn', target: 'identifier[0].value' },
    { column: 'family', target: 'name[0].family', transform: 'capitalize' },
    { column: 'given', target: 'name[0].given[0]' },
    { column: 'birth_date', target: 'birthDate', transform: 'date_to_iso' },
    { column: 'gender', target: 'gender' },
  ],
  constants: [{ target: 'identifier[0].system', value: 'urn:oid:2.16.840.1.113883.19.5' }],
};

/** `rows` patients; every 97th row has a birth date no transform reads, every 101st a gender FHIR refuses. */
export function patientCsv(rows: number, prefix = 'P'): { text: string; bad: number[] } {
  const lines = ['mrn,family,given,birth_date,gender'];
  const bad: number[] = [];
  for (let i = 1; i <= rows; i++) {
    const badDate = i % 97 === 0;
    const badGender = i % 101 === 0;
    if (badDate || badGender) bad.push(i + 1);
    lines.push(`${prefix}${i},doe${i},"Jane, ${i}",${badDate ? 'someday' : `19${String(i % 90 + 10)}0${(i % 9) + 1}1${i % 9}`},${badGender ? 'robot' : i % 2 ? 'female' : 'male'}`);
  }
  return { text: `${lines.join('\r\n')}\r\n`, bad };
}
