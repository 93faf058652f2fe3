-- mod_carbon master data, migration 002.
-- Portable SQL (SQLite and PostgreSQL); depends only on 001, not on the
-- geography (build/sql/geo.sql), which is loaded after the migrations.

-- Kinds of local administrative organisation (อปท.).
INSERT INTO lao_types (code, name_th, sort) VALUES
('pao',                      'องค์การบริหารส่วนจังหวัด', 1),
('city',                     'เทศบาลนคร',               2),
('town',                     'เทศบาลเมือง',              3),
('subdistrict_municipality', 'เทศบาลตำบล',              4),
('sao',                      'องค์การบริหารส่วนตำบล',    5),
('bangkok',                  'กรุงเทพมหานคร',           6),
('pattaya',                  'เมืองพัทยา',               7);

-- How certified credits are shared. DLA's own programme leaves every
-- credit to the LAO; the regulations' other rules come with a later migration.
INSERT INTO sharing_rules (code, name_th, legal_ref, lao_share_bp) VALUES
('dla_programme',
 'โครงการของกรมส่งเสริมการปกครองท้องถิ่น: คาร์บอนเครดิตเป็นขององค์กรปกครองส่วนท้องถิ่นทั้งหมด',
 'โครงการถังขยะเปียก ลดโลกร้อนขององค์กรปกครองส่วนท้องถิ่น ประเทศไทย ของกรมส่งเสริมการปกครองท้องถิ่น ขึ้นทะเบียนภายใต้โครงการลดก๊าซเรือนกระจกภาคสมัครใจตามมาตรฐานของประเทศไทย (T-VER) กับองค์การบริหารจัดการก๊าซเรือนกระจก (องค์การมหาชน)',
 10000);

-- The default project: the first row, so its id is 1 on both databases.
-- The T-VER registration number is a placeholder until DLA supplies the real one.
INSERT INTO projects (name_th, registrant_name, tver_registrant_no, sharing_rule_code, is_default) VALUES
('โครงการถังขยะเปียก ลดโลกร้อน',
 'กรมส่งเสริมการปกครองท้องถิ่น',
 'T-VER-P-LAO-2566-0001',
 'dla_programme',
 1);
