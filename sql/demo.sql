-- mod_carbon demo data: loaded by `make run` and the tests, after the
-- migrations and build/sql/geo.sql. Not for production.
-- Portable SQL (SQLite and PostgreSQL); no explicit ids for SERIAL_PK tables.
--
-- LAO codes are made-up 7-digit codes in the shape of DLA's:
--   kind digit (1 pao, 2 city, 3 town, 5 subdistrict_municipality, 6 sao,
--   7 pattaya) + DOPA district code (4 digits) + subdistrict number (2 digits,
--   00 for an LAO covering the whole district or province).
-- District and subdistrict codes are real ones from the geography.
--
-- Demo users (LSSO subjects), for the dev sign-in page and the tests:
--   dla.admin       dla
--   phrae.province  province 54 แพร่
--   lao.54-1        lao 5540105 เทศบาลตำบลทุ่งโฮ้ง (แพร่)
--   lao.54-2        lao 6540302 องค์การบริหารส่วนตำบลบ้านปิน (แพร่)
--   lao.54-3        lao 6540606 องค์การบริหารส่วนตำบลสะเอียบ (แพร่)
--   lao.50-1        lao 3500109 เทศบาลเมืองแม่เหียะ (เชียงใหม่)
--   lao.30-1        lao 2300101 เทศบาลนครนครราชสีมา (นครราชสีมา)
--   disabled.user   lao 6540404 องค์การบริหารส่วนตำบลดอนมูล (แพร่), disabled

INSERT INTO laos (code, name_th, lao_type, province_code, district_code, subdistrict_code) VALUES
-- แพร่
('1540100', 'องค์การบริหารส่วนจังหวัดแพร่',      'pao',                      '54', '5401', NULL),
('5540105', 'เทศบาลตำบลทุ่งโฮ้ง',                'subdistrict_municipality', '54', '5401', '540105'),
('5540110', 'เทศบาลตำบลป่าแมต',                  'subdistrict_municipality', '54', '5401', '540110'),
('6540302', 'องค์การบริหารส่วนตำบลบ้านปิน',       'sao',                      '54', '5403', '540302'),
('6540404', 'องค์การบริหารส่วนตำบลดอนมูล',        'sao',                      '54', '5404', '540404'),
('6540606', 'องค์การบริหารส่วนตำบลสะเอียบ',       'sao',                      '54', '5406', '540606'),
('6540702', 'องค์การบริหารส่วนตำบลสรอย',          'sao',                      '54', '5407', '540702'),
-- เชียงใหม่
('3500109', 'เทศบาลเมืองแม่เหียะ',                'town',                     '50', '5001', '500109'),
('5500110', 'เทศบาลตำบลป่าแดด',                  'subdistrict_municipality', '50', '5001', '500110'),
('6501306', 'องค์การบริหารส่วนตำบลออนใต้',        'sao',                      '50', '5013', '501306'),
-- ขอนแก่น
('2400101', 'เทศบาลนครขอนแก่น',                  'city',                     '40', '4001', '400101'),
('6400503', 'องค์การบริหารส่วนตำบลนาหนองทุ่ม',    'sao',                      '40', '4005', '400503'),
-- นครราชสีมา
('2300101', 'เทศบาลนครนครราชสีมา',               'city',                     '30', '3001', '300101'),
('6300109', 'องค์การบริหารส่วนตำบลพลกรัง',        'sao',                      '30', '3001', '300109'),
-- สงขลา
('2901101', 'เทศบาลนครหาดใหญ่',                  'city',                     '90', '9011', '901101'),
('6900104', 'องค์การบริหารส่วนตำบลพะวง',          'sao',                      '90', '9001', '900104'),
-- ชลบุรี
('7200400', 'เมืองพัทยา',                        'pattaya',                  '20', '2004', NULL),
('3200104', 'เทศบาลเมืองแสนสุข',                 'town',                     '20', '2001', '200104'),
-- อุบลราชธานี
('6340105', 'องค์การบริหารส่วนตำบลหนองขอน',       'sao',                      '34', '3401', '340105'),
('6341003', 'องค์การบริหารส่วนตำบลคอแลน',         'sao',                      '34', '3410', '341003');

INSERT INTO users (subject, display_name, role, lao_code, province_code, disabled, created_at) VALUES
('dla.admin',      'ผู้ดูแลระบบ กรมส่งเสริมการปกครองท้องถิ่น',             'dla',      NULL,      NULL, 0, '2026-01-01T00:00:00Z'),
('phrae.province', 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดแพร่',        'province', NULL,      '54', 0, '2026-01-01T00:00:00Z'),
('lao.54-1',       'เจ้าหน้าที่ เทศบาลตำบลทุ่งโฮ้ง',                       'lao',      '5540105', '54', 0, '2026-01-01T00:00:00Z'),
('lao.54-2',       'เจ้าหน้าที่ องค์การบริหารส่วนตำบลบ้านปิน',              'lao',      '6540302', '54', 0, '2026-01-01T00:00:00Z'),
('lao.54-3',       'เจ้าหน้าที่ องค์การบริหารส่วนตำบลสะเอียบ',              'lao',      '6540606', '54', 0, '2026-01-01T00:00:00Z'),
('lao.50-1',       'เจ้าหน้าที่ เทศบาลเมืองแม่เหียะ',                       'lao',      '3500109', '50', 0, '2026-01-01T00:00:00Z'),
('lao.30-1',       'เจ้าหน้าที่ เทศบาลนครนครราชสีมา',                      'lao',      '2300101', '30', 0, '2026-01-01T00:00:00Z'),
('disabled.user',  'ผู้ใช้ที่ถูกระงับ องค์การบริหารส่วนตำบลดอนมูล',           'lao',      '6540404', '54', 1, '2026-01-01T00:00:00Z');

-- Credits certified by TGO for the default project (id 1, from migration
-- 002): calendar 2023 certified in 2024 (BE 2567), calendar 2024 certified
-- in 2025 (BE 2568). The project's rule gives the LAO 100%.
-- 6540702 สรอย and 6341003 คอแลน have no credits yet.
INSERT INTO certifications (project_id, lao_code, period_from, period_to, certified_on, tgo_ref, total_tco2e, lao_share_tco2e, created_at) VALUES
(1, '1540100', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0101', 1850, 1850, '2024-06-20T03:00:00Z'),
(1, '5540105', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0102',  412,  412, '2024-06-20T03:00:00Z'),
(1, '5540110', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0103',  655,  655, '2024-06-20T03:00:00Z'),
(1, '6540302', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0104',  236,  236, '2024-06-20T03:00:00Z'),
(1, '6540404', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0105',   98,   98, '2024-06-20T03:00:00Z'),
(1, '3500109', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0106', 1120, 1120, '2024-06-20T03:00:00Z'),
(1, '6501306', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0107',   64,   64, '2024-06-20T03:00:00Z'),
(1, '2400101', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0108', 2760, 2760, '2024-06-20T03:00:00Z'),
(1, '2300101', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0109', 2980, 2980, '2024-06-20T03:00:00Z'),
(1, '6300109', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0110',  187,  187, '2024-06-20T03:00:00Z'),
(1, '6900104', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0111',  315,  315, '2024-06-20T03:00:00Z'),
(1, '7200400', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0112', 1460, 1460, '2024-06-20T03:00:00Z'),
(1, '6340105', '2023-01-01', '2023-12-31', '2024-06-14', 'TVER-2567-0113',   76,   76, '2024-06-20T03:00:00Z'),
(1, '1540100', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0201', 2140, 2140, '2025-05-27T03:00:00Z'),
(1, '5540105', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0202',  468,  468, '2025-05-27T03:00:00Z'),
(1, '5540110', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0203',  702,  702, '2025-05-27T03:00:00Z'),
(1, '6540302', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0204',  251,  251, '2025-05-27T03:00:00Z'),
(1, '6540404', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0205',  121,  121, '2025-05-27T03:00:00Z'),
(1, '6540606', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0206',  173,  173, '2025-05-27T03:00:00Z'),
(1, '3500109', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0207', 1284, 1284, '2025-05-27T03:00:00Z'),
(1, '5500110', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0208',  537,  537, '2025-05-27T03:00:00Z'),
(1, '6501306', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0209',   83,   83, '2025-05-27T03:00:00Z'),
(1, '2400101', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0210', 3105, 3105, '2025-05-27T03:00:00Z'),
(1, '6400503', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0211',  142,  142, '2025-05-27T03:00:00Z'),
(1, '2300101', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0212', 3240, 3240, '2025-05-27T03:00:00Z'),
(1, '6300109', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0213',  205,  205, '2025-05-27T03:00:00Z'),
(1, '2901101', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0214', 2615, 2615, '2025-05-27T03:00:00Z'),
(1, '6900104', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0215',  342,  342, '2025-05-27T03:00:00Z'),
(1, '7200400', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0216', 1692, 1692, '2025-05-27T03:00:00Z'),
(1, '3200104', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0217',  893,  893, '2025-05-27T03:00:00Z'),
(1, '6340105', '2024-01-01', '2024-12-31', '2025-05-20', 'TVER-2568-0218',   95,   95, '2025-05-27T03:00:00Z');

-- The ledger, one row per LAO, computed from the certifications above so it
-- cannot disagree with them: nothing is reserved or sold yet.
INSERT INTO lao_credits (lao_code, certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e)
SELECT l.code, COALESCE(SUM(c.lao_share_tco2e), 0), COALESCE(SUM(c.lao_share_tco2e), 0), 0, 0
FROM laos l LEFT JOIN certifications c ON c.lao_code = l.code
GROUP BY l.code;

INSERT INTO news (title_th, body_th, published_on, created_at) VALUES
('เปิดใช้งานระบบบริหารจัดการคาร์บอนเครดิตขององค์กรปกครองส่วนท้องถิ่น',
 'กรมส่งเสริมการปกครองท้องถิ่นเปิดให้องค์กรปกครองส่วนท้องถิ่นทุกแห่งใช้ระบบบริหารจัดการคาร์บอนเครดิต เพื่อบันทึกคาร์บอนเครดิตที่ได้รับการรับรอง การจำหน่าย และการใช้จ่ายรายได้ ผู้ใช้งานเข้าสู่ระบบด้วยบัญชีผู้ใช้ของกรมส่งเสริมการปกครองท้องถิ่น',
 '2026-01-05', '2026-01-05T02:00:00Z'),
('ผลการรับรองคาร์บอนเครดิต โครงการถังขยะเปียก ลดโลกร้อน ปี 2567',
 'องค์การบริหารจัดการก๊าซเรือนกระจก (องค์การมหาชน) รับรองปริมาณก๊าซเรือนกระจกที่ลดได้จากโครงการถังขยะเปียก ลดโลกร้อนขององค์กรปกครองส่วนท้องถิ่น สำหรับปี พ.ศ. 2567 แล้ว องค์กรปกครองส่วนท้องถิ่นตรวจสอบยอดคาร์บอนเครดิตคงเหลือของตนได้ที่เมนูทะเบียนคาร์บอนเครดิต',
 '2026-01-20', '2026-01-20T02:00:00Z'),
('ประชาสัมพันธ์ การอบรมการจำหน่ายคาร์บอนเครดิตสำหรับองค์กรปกครองส่วนท้องถิ่น',
 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดจัดอบรมการจำหน่ายคาร์บอนเครดิตผ่านระบบ ทั้งการจำหน่ายเอง การจำหน่ายแบบกลุ่ม และการมอบหมายให้จังหวัดจำหน่าย รวมถึงการรายงานการใช้จ่ายรายได้ โปรดติดต่อสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดของท่านเพื่อลงทะเบียน',
 '2026-02-10', '2026-02-10T02:00:00Z');

-- Projects under the regulations' sharing rules (migration 006), with
-- demo registration numbers, and one certification each: the split follows
-- the rule (whole credits; the LAO's share rounded down, the remainder to
-- the state agency), and the LAO's share is added to its ledger.
INSERT INTO projects (name_th, registrant_name, tver_registrant_no, sharing_rule_code,
                      lao_share_bp, developer_share_bp, state_share_bp, is_default, created_at, updated_at) VALUES
('โครงการปลูกและบำรุงป่าชายเลนชุมชน เพื่อประโยชน์จากคาร์บอนเครดิต',
 'กรมทรัพยากรทางทะเลและชายฝั่ง', 'T-VER-P-DMCR-2566-0012', 'dmcr_mangrove_2565',
 9000, 0, 1000, 0, '2026-01-10T02:00:00Z', '2026-01-10T02:00:00Z'),
('โครงการปลูก บำรุง และฟื้นฟูป่าชุมชนในพื้นที่ป่าไม้',
 'กรมป่าไม้', 'T-VER-P-RFD-2567-0031', 'rfd_2567_6_1_4',
 9000, 0, 1000, 0, '2026-01-10T02:00:00Z', '2026-01-10T02:00:00Z');

INSERT INTO certifications (project_id, lao_code, period_from, period_to, certified_on, tgo_ref,
                            total_tco2e, lao_share_tco2e, developer_share_tco2e, state_share_tco2e,
                            sharing_rule_code, lao_share_bp, developer_share_bp, state_share_bp, created_at)
SELECT p.id, v.lao_code, '2024-01-01', '2024-12-31', '2025-08-15', v.tgo_ref,
       v.total_tco2e, v.lao_share_tco2e, 0, v.total_tco2e - v.lao_share_tco2e,
       p.sharing_rule_code, 9000, 0, 1000, '2025-08-20T03:00:00Z'
  FROM projects p JOIN (
        SELECT 'dmcr_mangrove_2565' AS rule_code, '6900104' AS lao_code, 'TVER-2568-0301' AS tgo_ref, 157 AS total_tco2e, 141 AS lao_share_tco2e
        UNION ALL SELECT 'dmcr_mangrove_2565', '3200104', 'TVER-2568-0302', 83, 74
        UNION ALL SELECT 'rfd_2567_6_1_4', '6540606', 'TVER-2568-0401', 245, 220
       ) v ON v.rule_code = p.sharing_rule_code;

UPDATE lao_credits SET certified_tco2e = certified_tco2e + 141, remaining_tco2e = remaining_tco2e + 141 WHERE lao_code = '6900104';
UPDATE lao_credits SET certified_tco2e = certified_tco2e + 74, remaining_tco2e = remaining_tco2e + 74 WHERE lao_code = '3200104';
UPDATE lao_credits SET certified_tco2e = certified_tco2e + 220, remaining_tco2e = remaining_tco2e + 220 WHERE lao_code = '6540606';

-- The ledger per LAO and project (migration 010), from the same
-- certifications; lao_credits above holds their sums.
INSERT INTO project_credits (lao_code, project_id, certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e)
SELECT lao_code, project_id, SUM(lao_share_tco2e), SUM(lao_share_tco2e), 0, 0
  FROM certifications GROUP BY lao_code, project_id;

-- Buyer registry (issue 3): buyers of every type, with and without a T-VER
-- account, registered by LAOs, a provincial office and DLA over several
-- fiscal years. Made-up names and numbers; real DOPA codes and postcodes.
-- The business type is the text a user types (migration 011); these use
-- names from DLA's suggestion list, and one is text of its own.
INSERT INTO buyers (buyer_type, registered_on, has_tver_account, tver_account_name, tver_account_no,
                    first_name, last_name, occupation, org_name, business_type, display_name,
                    address, road, province_code, district_code, subdistrict_code, postcode,
                    phone, office_phone, coordinator_first_name, coordinator_last_name,
                    owner_lao_code, owner_province_code, created_by, created_at, updated_at) VALUES
('private', '2026-11-02', 1, 'บริษัท แพร่กรีนเพาเวอร์ จำกัด', 'TVER-B-2569-00012',
 NULL, NULL, NULL, 'บริษัท แพร่กรีนเพาเวอร์ จำกัด', 'พลังงานและสาธารณูปโภค', 'บริษัท แพร่กรีนเพาเวอร์ จำกัด',
 '199 หมู่ 4', 'ยันตรกิจโกศล', '54', '5401', '540101', '54000',
 '0812345671', '054511234', 'สมชาย', 'ใจดี',
 '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-11-02T03:15:00Z', '2026-11-02T03:15:00Z'),
('individual', '2026-10-15', 0, NULL, NULL,
 'สมบูรณ์', 'ใจงาม', 'เจ้าของกิจการร้านอาหาร', NULL, NULL, 'สมบูรณ์ ใจงาม',
 '45 หมู่ 2', NULL, '54', '5401', '540105', '54000',
 '0891234567', NULL, 'สมบูรณ์', 'ใจงาม',
 '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-10-15T02:40:00Z', '2026-10-15T02:40:00Z'),
('government', '2026-03-20', 1, 'ศูนย์ส่งเสริมพลังงานชุมชนจังหวัดแพร่', 'TVER-B-2569-00003',
 NULL, NULL, NULL, 'ศูนย์ส่งเสริมพลังงานชุมชนจังหวัดแพร่', 'บริการสาธารณะ', 'ศูนย์ส่งเสริมพลังงานชุมชนจังหวัดแพร่',
 '8 ศาลากลางจังหวัดแพร่', 'ไชยบูรณ์', '54', '5401', '540101', '54000',
 '0861112233', '054532100', 'อรุณี', 'ศรีวิชัย',
 NULL, '54', (SELECT id FROM users WHERE subject = 'phrae.province'), '2026-03-20T04:00:00Z', '2026-03-20T04:00:00Z'),
('state_enterprise', '2025-12-05', 1, 'องค์การพลังงานหมุนเวียนแห่งชาติ', 'TVER-B-2569-00001',
 NULL, NULL, NULL, 'องค์การพลังงานหมุนเวียนแห่งชาติ', 'พลังงานและสาธารณูปโภค', 'องค์การพลังงานหมุนเวียนแห่งชาติ',
 '1 อาคารพลังงานสะอาด ชั้น 12', 'พระรามที่ 4', '10', '1033', '103301', '10110',
 '0923456789', '022345678 ต่อ 1203', 'ธนพล', 'วงศ์สวัสดิ์',
 NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2025-12-05T07:30:00Z', '2025-12-05T07:30:00Z'),
('private', '2025-08-18', 1, 'บริษัท ล้านนาซีเมนต์เขียว จำกัด', 'TVER-B-2568-00027',
 NULL, NULL, NULL, 'บริษัท ล้านนาซีเมนต์เขียว จำกัด', 'ผลิตปูนซีเมนต์คาร์บอนต่ำ', 'บริษัท ล้านนาซีเมนต์เขียว จำกัด',
 '77/3 หมู่ 1', 'มหิดล', '50', '5001', '500101', '50200',
 '0934567890', '053201777', 'กาญจนา', 'อินทร์แก้ว',
 '3500109', NULL, (SELECT id FROM users WHERE subject = 'lao.50-1'), '2025-08-18T02:10:00Z', '2025-08-18T02:10:00Z'),
('individual', '2025-02-11', 1, 'นางสาวพิมพ์ชนก รักษ์ป่า', 'TVER-B-2568-00009',
 'พิมพ์ชนก', 'รักษ์ป่า', 'นักธุรกิจ', NULL, NULL, 'พิมพ์ชนก รักษ์ป่า',
 '302 หมู่ 7', 'มิตรภาพ', '40', '4001', '400101', '40000',
 '0656789012', NULL, 'พิมพ์ชนก', 'รักษ์ป่า',
 NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2025-02-11T06:00:00Z', '2025-02-11T06:00:00Z'),
('private', '2024-11-28', 0, NULL, NULL,
 NULL, NULL, NULL, 'บริษัท ระยองโลจิสติกส์ไทย จำกัด', 'ขนส่งและโลจิสติกส์', 'บริษัท ระยองโลจิสติกส์ไทย จำกัด',
 '55/9 หมู่ 3', 'สุขุมวิท', '21', '2101', '210101', '21000',
 '0817776655', '038611222', 'วีระ', 'ทองดี',
 NULL, '54', (SELECT id FROM users WHERE subject = 'phrae.province'), '2024-11-28T08:20:00Z', '2024-11-28T08:20:00Z'),
('government', '2026-06-30', 0, NULL, NULL,
 NULL, NULL, NULL, 'สำนักงานส่งเสริมการท่องเที่ยวชายฝั่งตะวันออก', 'การท่องเที่ยว โรงแรม และบริการ', 'สำนักงานส่งเสริมการท่องเที่ยวชายฝั่งตะวันออก',
 '9 ถนนเลียบชายหาด', 'บางแสนสาย 1', '20', '2001', '200104', '20000',
 '0945551234', '038123456', 'ปิยะนุช', 'แสงทอง',
 NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-06-30T03:00:00Z', '2026-06-30T03:00:00Z');

-- Demo trades (issue 4): two confirmed self-operated sales and one awaiting
-- DLA's confirmation, with their documents (a small sample PDF), so the
-- dashboard and the self-sale pages show sold and awaiting credits.
INSERT INTO order_sequences (fiscal_year, last_no) VALUES (2569, 2), (2570, 1);
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'self', '2569-00001', 2569, 'completed', 'completed', '5540105', 1, b.id, '2026-03-10', 'transfer', 120, 25000, 3000000,
       (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-03-10T04:00:00Z', '2026-03-10T04:00:00Z'
  FROM buyers b WHERE b.tver_account_no = 'TVER-B-2569-00012';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, lao_code, 'seller', quantity_tco2e, total_satang, 'sold', 'consented' FROM trades WHERE order_no = '2569-00001';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'confirm', '2026-03-25', 'TVER-TR-2569-000153', 'ตรวจสอบการโอนในระบบ T-VER แล้ว', (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-03-25T07:30:00Z' FROM trades WHERE order_no = '2569-00001';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00001.pdf', '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-03-10T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2569-00001' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00001.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หลักฐานการชำระเงิน 2569-00001.pdf', '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-03-10T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'payment_evidence', f.id FROM trades t, files f WHERE t.order_no = '2569-00001' AND f.original_name = 'หลักฐานการชำระเงิน 2569-00001.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2569-00001.pdf', '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-03-10T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'receipt', f.id FROM trades t, files f WHERE t.order_no = '2569-00001' AND f.original_name = 'ใบเสร็จรับเงิน 2569-00001.pdf';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 120, sold_tco2e = sold_tco2e + 120 WHERE lao_code = '5540105';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 120, sold_tco2e = sold_tco2e + 120 WHERE lao_code = '5540105' AND project_id = 1;
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'self', '2569-00002', 2569, 'completed', 'completed', '2300101', 1, b.id, '2026-06-01', 'transfer', 300, 28000, 8400000,
       (SELECT id FROM users WHERE subject = 'lao.30-1'), '2026-06-01T04:00:00Z', '2026-06-01T04:00:00Z'
  FROM buyers b WHERE b.tver_account_no = 'TVER-B-2569-00012';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, lao_code, 'seller', quantity_tco2e, total_satang, 'sold', 'consented' FROM trades WHERE order_no = '2569-00002';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'confirm', '2026-06-20', 'TVER-TR-2569-000311', 'ตรวจสอบการโอนในระบบ T-VER แล้ว', (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-06-20T07:30:00Z' FROM trades WHERE order_no = '2569-00002';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00002.pdf', '2300101', NULL, (SELECT id FROM users WHERE subject = 'lao.30-1'), '2026-06-01T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2569-00002' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00002.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หลักฐานการชำระเงิน 2569-00002.pdf', '2300101', NULL, (SELECT id FROM users WHERE subject = 'lao.30-1'), '2026-06-01T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'payment_evidence', f.id FROM trades t, files f WHERE t.order_no = '2569-00002' AND f.original_name = 'หลักฐานการชำระเงิน 2569-00002.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2569-00002.pdf', '2300101', NULL, (SELECT id FROM users WHERE subject = 'lao.30-1'), '2026-06-01T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'receipt', f.id FROM trades t, files f WHERE t.order_no = '2569-00002' AND f.original_name = 'ใบเสร็จรับเงิน 2569-00002.pdf';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 300, sold_tco2e = sold_tco2e + 300 WHERE lao_code = '2300101';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 300, sold_tco2e = sold_tco2e + 300 WHERE lao_code = '2300101' AND project_id = 1;
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'self', '2570-00001', 2570, 'in_progress', 'awaiting_dla', '6540302', 1, b.id, '2026-11-10', 'cancellation', 50, 30000, 1500000,
       (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-11-10T04:00:00Z', '2026-11-10T04:00:00Z'
  FROM buyers b WHERE b.display_name = 'สมบูรณ์ ใจงาม';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, lao_code, 'seller', quantity_tco2e, total_satang, 'reserved', 'consented' FROM trades WHERE order_no = '2570-00001';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2570-00001.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-11-10T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2570-00001' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2570-00001.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หลักฐานการชำระเงิน 2570-00001.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-11-10T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'payment_evidence', f.id FROM trades t, files f WHERE t.order_no = '2570-00001' AND f.original_name = 'หลักฐานการชำระเงิน 2570-00001.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2570-00001.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-11-10T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'receipt', f.id FROM trades t, files f WHERE t.order_no = '2570-00001' AND f.original_name = 'ใบเสร็จรับเงิน 2570-00001.pdf';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 50, awaiting_tco2e = awaiting_tco2e + 50 WHERE lao_code = '6540302';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 50, awaiting_tco2e = awaiting_tco2e + 50 WHERE lao_code = '6540302' AND project_id = 1;

-- Group sales (issue 8): organised by the provincial office of Phrae
-- (phrae.province), project 1, buyer สมบูรณ์ ใจงาม (no T-VER account:
-- Cancellation Notification).
--   2569-00003 completed: representative 6540302 (lao.54-2) 40 tCO2eq and
--              participant 6540606 (lao.54-3) 30 tCO2eq at 300.00 baht, sold.
--   2570-00002 step consent: representative 5540105 (lao.54-1) 50 tCO2eq and
--              participant 6540302 (lao.54-2) 20 tCO2eq at 280.00 baht, reserved;
--              sign in as lao.54-1 / lao.54-2 to consent, then run every step.
UPDATE order_sequences SET last_no = 3 WHERE fiscal_year = 2569;
UPDATE order_sequences SET last_no = 2 WHERE fiscal_year = 2570;
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'group', '2569-00003', 2569, 'completed', 'completed', '6540302', '54', 1, b.id, '2026-04-15', 'cancellation', 70, 30000, 2100000,
       (SELECT id FROM users WHERE subject = 'phrae.province'), '2026-04-15T03:00:00Z', '2026-04-15T03:00:00Z'
  FROM buyers b WHERE b.display_name = 'สมบูรณ์ ใจงาม';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '6540302', 'representative', 40, 1200000, 'sold', 'consented' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '6540606', 'participant', 30, 900000, 'sold', 'consented' FROM trades WHERE order_no = '2569-00003';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00003.pdf', NULL, '54', (SELECT id FROM users WHERE subject = 'phrae.province'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2569-00003' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00003.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'เอกสารใบมอบอำนาจ 2569-00003.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'power_of_attorney', f.id FROM trades t JOIN trade_lines tl ON tl.trade_id = t.id, files f
 WHERE t.order_no = '2569-00003' AND tl.lao_code = '6540302' AND f.original_name = 'เอกสารใบมอบอำนาจ 2569-00003.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หลักฐานการชำระเงิน 2569-00003.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'payment_evidence', f.id FROM trades t, files f WHERE t.order_no = '2569-00003' AND f.original_name = 'หลักฐานการชำระเงิน 2569-00003.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2569-00003.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'receipt', f.id FROM trades t, files f WHERE t.order_no = '2569-00003' AND f.original_name = 'ใบเสร็จรับเงิน 2569-00003.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบโอนเงินรวมทุก อปท. 2569-00003.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'transfer_slip', f.id FROM trades t, files f WHERE t.order_no = '2569-00003' AND f.original_name = 'ใบโอนเงินรวมทุก อปท. 2569-00003.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน อปท. บ้านปิน 2569-00003.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'lao_receipt', f.id FROM trades t JOIN trade_lines tl ON tl.trade_id = t.id, files f
 WHERE t.order_no = '2569-00003' AND tl.lao_code = '6540302' AND f.original_name = 'ใบเสร็จรับเงิน อปท. บ้านปิน 2569-00003.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน อปท. สะเอียบ 2569-00003.pdf', '6540606', NULL, (SELECT id FROM users WHERE subject = 'lao.54-3'), '2026-04-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'lao_receipt', f.id FROM trades t JOIN trade_lines tl ON tl.trade_id = t.id, files f
 WHERE t.order_no = '2569-00003' AND tl.lao_code = '6540606' AND f.original_name = 'ใบเสร็จรับเงิน อปท. สะเอียบ 2569-00003.pdf';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '6540606', NULL, (SELECT id FROM users WHERE subject = 'lao.54-3'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'trade', NULL, NULL, NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'transfer', NULL, 'combined', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'receipt', NULL, '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'receipt', NULL, '6540606', NULL, (SELECT id FROM users WHERE subject = 'lao.54-3'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'submit', NULL, NULL, NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-04-15T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'confirm', '2026-05-02', 'CN-2569-0031', 'ยืนยันการขายแบบรวมกลุ่มแล้ว', (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-05-02T03:00:00Z' FROM trades WHERE order_no = '2569-00003';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 40, sold_tco2e = sold_tco2e + 40 WHERE lao_code = '6540302';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 40, sold_tco2e = sold_tco2e + 40 WHERE lao_code = '6540302' AND project_id = 1;
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 30, sold_tco2e = sold_tco2e + 30 WHERE lao_code = '6540606';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 30, sold_tco2e = sold_tco2e + 30 WHERE lao_code = '6540606' AND project_id = 1;
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'group', '2570-00002', 2570, 'in_progress', 'consent', '5540105', '54', 1, b.id, '2026-11-12', 'cancellation', 70, 28000, 1960000,
       (SELECT id FROM users WHERE subject = 'phrae.province'), '2026-11-12T03:00:00Z', '2026-11-12T03:00:00Z'
  FROM buyers b WHERE b.display_name = 'สมบูรณ์ ใจงาม';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '5540105', 'representative', 50, 1400000, 'reserved', 'pending' FROM trades WHERE order_no = '2570-00002';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '6540302', 'participant', 20, 560000, 'reserved', 'pending' FROM trades WHERE order_no = '2570-00002';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2570-00002.pdf', NULL, '54', (SELECT id FROM users WHERE subject = 'phrae.province'), '2026-11-12T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2570-00002' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2570-00002.pdf';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 50, awaiting_tco2e = awaiting_tco2e + 50 WHERE lao_code = '5540105';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 50, awaiting_tco2e = awaiting_tco2e + 50 WHERE lao_code = '5540105' AND project_id = 1;
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 20, awaiting_tco2e = awaiting_tco2e + 20 WHERE lao_code = '6540302';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 20, awaiting_tco2e = awaiting_tco2e + 20 WHERE lao_code = '6540302' AND project_id = 1;

-- Delegated sales (issue 9): sales DLA makes on behalf of LAOs (อปท. มอบ สถ. ขาย).
-- 2569-00004 is open: phrae.province added 5540105 (lao.54-1, consent pending)
-- and 6540302 (lao.54-2, consented); 2569-00005 waits for the LAOs' receipts
-- (DLA uploaded its papers and a transfer slip per LAO; 5540105 sent its
-- receipt, 6540302 has not); 2569-00006 is completed. Every line's credits
-- move in lao_credits and project_credits alike.
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'delegated', '2569-00004', 2569, 'in_progress', 'participants', NULL, NULL, 1, b.id, '2026-03-02', 'transfer', 35, 30000, 1050000,
       (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-03-02T03:00:00Z', '2026-03-05T04:00:00Z'
  FROM buyers b WHERE b.tver_account_no = 'TVER-B-2569-00012';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00004.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-03-02T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2569-00004' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00004.pdf';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '5540105', 'participant', 20, 600000, 'reserved', 'pending' FROM trades WHERE order_no = '2569-00004';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '6540302', 'participant', 15, 450000, 'reserved', 'consented' FROM trades WHERE order_no = '2569-00004';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-03-05T04:00:00Z' FROM trades WHERE order_no = '2569-00004';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 20, awaiting_tco2e = awaiting_tco2e + 20 WHERE lao_code = '5540105';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 20, awaiting_tco2e = awaiting_tco2e + 20 WHERE lao_code = '5540105' AND project_id = 1;
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 15, awaiting_tco2e = awaiting_tco2e + 15 WHERE lao_code = '6540302';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 15, awaiting_tco2e = awaiting_tco2e + 15 WHERE lao_code = '6540302' AND project_id = 1;
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'delegated', '2569-00005', 2569, 'in_progress', 'receipts', NULL, NULL, 1, b.id, '2026-02-10', 'transfer', 20, 25000, 500000,
       (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-10T03:00:00Z', '2026-02-20T04:00:00Z'
  FROM buyers b WHERE b.tver_account_no = 'TVER-B-2569-00012';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00005.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-10T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2569-00005' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00005.pdf';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '5540105', 'participant', 10, 250000, 'reserved', 'consented' FROM trades WHERE order_no = '2569-00005';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '6540302', 'participant', 10, 250000, 'reserved', 'consented' FROM trades WHERE order_no = '2569-00005';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-02-12T04:00:00Z' FROM trades WHERE order_no = '2569-00005';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-02-13T04:00:00Z' FROM trades WHERE order_no = '2569-00005';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หลักฐานการชำระเงิน 2569-00005.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-18T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'payment_evidence', f.id FROM trades t, files f WHERE t.order_no = '2569-00005' AND f.original_name = 'หลักฐานการชำระเงิน 2569-00005.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบโอนเงิน 2569-00005 5540105.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-18T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'transfer_slip', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00005' AND tl.lao_code = '5540105' AND f.original_name = 'ใบโอนเงิน 2569-00005 5540105.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบโอนเงิน 2569-00005 6540302.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-18T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'transfer_slip', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00005' AND tl.lao_code = '6540302' AND f.original_name = 'ใบโอนเงิน 2569-00005 6540302.pdf';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'documents', NULL, NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-18T04:00:00Z' FROM trades WHERE order_no = '2569-00005';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2569-00005 5540105.pdf', '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-02-20T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'receipt', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00005' AND tl.lao_code = '5540105' AND f.original_name = 'ใบเสร็จรับเงิน 2569-00005 5540105.pdf';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 10, awaiting_tco2e = awaiting_tco2e + 10 WHERE lao_code = '5540105';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 10, awaiting_tco2e = awaiting_tco2e + 10 WHERE lao_code = '5540105' AND project_id = 1;
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 10, awaiting_tco2e = awaiting_tco2e + 10 WHERE lao_code = '6540302';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 10, awaiting_tco2e = awaiting_tco2e + 10 WHERE lao_code = '6540302' AND project_id = 1;
INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at)
SELECT 'delegated', '2569-00006', 2569, 'completed', 'completed', NULL, NULL, 1, b.id, '2026-01-12', 'transfer', 10, 28000, 280000,
       (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-12T03:00:00Z', '2026-02-02T04:00:00Z'
  FROM buyers b WHERE b.tver_account_no = 'TVER-B-2569-00012';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00006.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-12T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'intent_letter', f.id FROM trades t, files f WHERE t.order_no = '2569-00006' AND f.original_name = 'หนังสือแจ้งความประสงค์ซื้อขาย 2569-00006.pdf';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '5540105', 'participant', 5, 140000, 'sold', 'consented' FROM trades WHERE order_no = '2569-00006';
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, '6540302', 'participant', 5, 140000, 'sold', 'consented' FROM trades WHERE order_no = '2569-00006';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-01-13T04:00:00Z' FROM trades WHERE order_no = '2569-00006';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'consent', NULL, '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-01-13T05:00:00Z' FROM trades WHERE order_no = '2569-00006';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'หลักฐานการชำระเงิน 2569-00006.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-20T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade', t.id, 'payment_evidence', f.id FROM trades t, files f WHERE t.order_no = '2569-00006' AND f.original_name = 'หลักฐานการชำระเงิน 2569-00006.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบโอนเงิน 2569-00006 5540105.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-20T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'transfer_slip', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00006' AND tl.lao_code = '5540105' AND f.original_name = 'ใบโอนเงิน 2569-00006 5540105.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบโอนเงิน 2569-00006 6540302.pdf', NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-20T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'transfer_slip', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00006' AND tl.lao_code = '6540302' AND f.original_name = 'ใบโอนเงิน 2569-00006 6540302.pdf';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'documents', NULL, NULL, NULL, (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-20T04:00:00Z' FROM trades WHERE order_no = '2569-00006';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2569-00006 5540105.pdf', '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-01-25T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'receipt', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00006' AND tl.lao_code = '5540105' AND f.original_name = 'ใบเสร็จรับเงิน 2569-00006 5540105.pdf';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'ใบเสร็จรับเงิน 2569-00006 6540302.pdf', '6540302', NULL, (SELECT id FROM users WHERE subject = 'lao.54-2'), '2026-01-26T04:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'trade_line', tl.id, 'receipt', f.id FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id, files f WHERE t.order_no = '2569-00006' AND tl.lao_code = '6540302' AND f.original_name = 'ใบเสร็จรับเงิน 2569-00006 6540302.pdf';
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'confirm', '2026-02-02', 'TVER-TR-2569-000412', 'ยืนยันการโอนในระบบ T-VER แล้ว', (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-02-02T04:00:00Z' FROM trades WHERE order_no = '2569-00006';
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 5, sold_tco2e = sold_tco2e + 5 WHERE lao_code = '5540105';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 5, sold_tco2e = sold_tco2e + 5 WHERE lao_code = '5540105' AND project_id = 1;
UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - 5, sold_tco2e = sold_tco2e + 5 WHERE lao_code = '6540302';
UPDATE project_credits SET remaining_tco2e = remaining_tco2e - 5, sold_tco2e = sold_tco2e + 5 WHERE lao_code = '6540302' AND project_id = 1;
UPDATE order_sequences SET last_no = 6 WHERE fiscal_year = 2569;

-- Spending (issue 10)
-- The budget ledger of the LAOs with confirmed sales: income = their sold
-- lines' money (30,000.00 and 84,000.00 baht).
INSERT INTO lao_budget (lao_code, income_satang)
SELECT tl.lao_code, SUM(tl.total_satang) FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id
 WHERE tl.ledger = 'sold' AND t.status = 'completed' GROUP BY tl.lao_code
ON CONFLICT (lao_code) DO UPDATE SET income_satang = excluded.income_satang;
-- 5540105 (lao.54-1): round 1 completed, round 2 requested and waiting for step 1
INSERT INTO spending (lao_code, fiscal_year, round, status, note, step, started_on, name, project_type, details,
                      budget_credit_satang, budget_other_satang, total_satang, completed_on, created_by, created_at, updated_at)
VALUES ('5540105', 2569, 1, 'completed', NULL, 'completed', '2026-04-01', 'โครงการถังขยะเปียกลดโลกร้อน ระยะที่ 2', 'environment',
        'จัดซื้อถังขยะเปียกให้ครัวเรือนในตำบล 250 ครัวเรือน พร้อมอบรมการคัดแยกขยะ', 1250000, 500000, 1750000, '2026-05-15',
        (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-04-01T03:00:00Z', '2026-05-15T03:00:00Z'),
       ('5540105', 2569, 2, 'request', NULL, 'item', NULL, NULL, NULL, NULL, 0, 0, 0, NULL,
        (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-06-01T03:00:00Z', '2026-06-01T03:00:00Z');
-- 2300101 (lao.30-1): round 1 not requesting, with its note
INSERT INTO spending (lao_code, fiscal_year, round, status, note, step, created_by, created_at, updated_at)
VALUES ('2300101', 2569, 1, 'no_request', 'ยังไม่มีโครงการที่จะใช้จ่ายในปีงบประมาณนี้ จะเสนอในปีงบประมาณถัดไป', 'none',
        (SELECT id FROM users WHERE subject = 'lao.30-1'), '2026-07-01T03:00:00Z', '2026-07-01T03:00:00Z');
INSERT INTO spending_rounds (lao_code, fiscal_year, last_round) VALUES ('5540105', 2569, 2), ('2300101', 2569, 1);
UPDATE lao_budget SET committed_satang = 1250000 WHERE lao_code = '5540105';
INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)
VALUES ('3519201aa7aa8a0545eded09749366e24409199d5c43f540ea14b6e223b830f0', 335, 'application/pdf', '.pdf', 'เอกสารการใช้จ่ายงบประมาณ 2569 รอบ 1.pdf', '5540105', NULL, (SELECT id FROM users WHERE subject = 'lao.54-1'), '2026-05-15T03:00:00Z', 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE5MgolJUVPRgo=');
INSERT INTO record_files (entity, entity_id, kind, file_id)
SELECT 'spending', s.id, 'spending_doc', f.id FROM spending s, files f
 WHERE s.lao_code = '5540105' AND s.fiscal_year = 2569 AND s.round = 1 AND f.original_name = 'เอกสารการใช้จ่ายงบประมาณ 2569 รอบ 1.pdf';

-- The demo writes lao_credits itself (above): the maintained province
-- totals (migration 016) are rebuilt from it once, as the migration did.
DELETE FROM province_credits;
INSERT INTO province_credits (province_code, certified_tco2e, remaining_tco2e, awaiting_tco2e,
                              sold_tco2e, laos_with_credits)
SELECT l.province_code, SUM(c.certified_tco2e), SUM(c.remaining_tco2e), SUM(c.awaiting_tco2e),
       SUM(c.sold_tco2e), COUNT(CASE WHEN c.certified_tco2e > 0 THEN 1 END)
  FROM lao_credits c JOIN laos l ON l.code = c.lao_code
 GROUP BY l.province_code;
