-- Migration 006: sharing rules of the regulations, projects' splits, and
-- certifications that keep the split they were recorded with (issue 3).
--
-- Shares are basis points (1 % = 100). Three parties: the LAO (community
-- developer / applicant), an additional project developer, and the state
-- agency. Whole credits only: the LAO's and the developer's shares are each
-- rounded down, the remainder goes to the state agency (docs/DESIGN.md,
-- "Sharing"; mod_carbon/sharing.c).

-- A rule's bounds: the LAO's share lies in lao_min_bp..lao_max_bp (equal
-- when the rule fixes it), the developer's share is fixed, and the state
-- agency receives at least state_min_bp. The CHECK keeps a rule coherent.
ALTER TABLE sharing_rules ADD COLUMN lao_party_th TEXT;
ALTER TABLE sharing_rules ADD COLUMN sort INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sharing_rules ADD COLUMN state_min_bp INTEGER NOT NULL DEFAULT 0
    CHECK (state_min_bp >= 0 AND developer_share_bp >= 0 AND lao_min_bp >= 0
           AND lao_min_bp <= lao_share_bp AND lao_share_bp <= lao_max_bp
           AND state_min_bp = 10000 - lao_max_bp - developer_share_bp);

UPDATE sharing_rules
   SET name_th = 'โครงการของ สถ.: คาร์บอนเครดิตเป็นของ อปท. ทั้งหมด',
       lao_party_th = 'องค์กรปกครองส่วนท้องถิ่น',
       state_party_th = 'กรมส่งเสริมการปกครองท้องถิ่น',
       sort = 1
 WHERE code = 'dla_programme';

INSERT INTO sharing_rules (code, name_th, legal_ref, lao_share_bp, lao_min_bp, lao_max_bp,
                           developer_share_bp, state_min_bp, lao_party_th, developer_party_th,
                           state_party_th, sort) VALUES
('dmcr_mangrove_2565',
 'ป่าชายเลนชุมชน (ระเบียบ ทช. พ.ศ. 2565 ข้อ 14)',
 'ระเบียบกรมทรัพยากรทางทะเลและชายฝั่ง ว่าด้วยการแบ่งปันคาร์บอนเครดิตที่ได้จากการปลูกและบำรุงป่าชายเลนสำหรับชุมชน พ.ศ. 2565 ข้อ 14 (ราชกิจจานุเบกษา เล่ม 140 ตอนพิเศษ 9 ง วันที่ 13 มกราคม 2566): การแบ่งปันคาร์บอนเครดิตจากการประเมินโครงการ T-VER ให้กำหนดในสัดส่วนไม่เกินร้อยละ 90 สำหรับชุมชนผู้พัฒนาโครงการ และไม่น้อยกว่าร้อยละ 10 สำหรับกรม หรือตามที่ตกลงกัน',
 9000, 0, 9000, 0, 1000,
 'ชุมชนผู้พัฒนาโครงการ (องค์กรปกครองส่วนท้องถิ่น)',
 NULL,
 'กรมทรัพยากรทางทะเลและชายฝั่ง',
 2),
('rfd_2567_6_1_4',
 'ป่าไม้ ผู้ยื่นคำขอตามข้อ 6 (1)-(4) (ระเบียบ ปม. พ.ศ. 2567 ข้อ 12 (1) (2))',
 'ระเบียบกรมป่าไม้ ว่าด้วยการแบ่งปันคาร์บอนเครดิตจากการปลูก บำรุง อนุรักษ์ และฟื้นฟูป่าในพื้นที่ป่าไม้ พ.ศ. 2567 ข้อ 12 (1) และ (2) (ประกาศ ณ วันที่ 26 เมษายน พ.ศ. 2567): ผู้ยื่นคำขอตามข้อ 6 (1) (2) (3) และ (4) ได้รับร้อยละเก้าสิบสำหรับผู้ยื่นคำขอ และร้อยละสิบสำหรับกรมป่าไม้',
 9000, 9000, 9000, 0, 1000,
 'ผู้ยื่นคำขอ (องค์กรปกครองส่วนท้องถิ่น)',
 NULL,
 'กรมป่าไม้',
 3),
('rfd_2567_6_5',
 'ป่าไม้ ผู้ยื่นคำขอตามข้อ 6 (5) (ระเบียบ ปม. พ.ศ. 2567 ข้อ 12 (3))',
 'ระเบียบกรมป่าไม้ ว่าด้วยการแบ่งปันคาร์บอนเครดิตจากการปลูก บำรุง อนุรักษ์ และฟื้นฟูป่าในพื้นที่ป่าไม้ พ.ศ. 2567 ข้อ 12 (3) (ประกาศ ณ วันที่ 26 เมษายน พ.ศ. 2567): ผู้ยื่นคำขอตามข้อ 6 (5) ได้รับร้อยละยี่สิบสำหรับผู้ยื่นคำขอ ร้อยละเจ็ดสิบสำหรับผู้พัฒนาโครงการที่ได้รับการเสนอเพิ่มเติมตามข้อ 7 วรรคสอง และร้อยละสิบสำหรับกรมป่าไม้',
 2000, 2000, 2000, 7000, 1000,
 'ผู้ยื่นคำขอ (องค์กรปกครองส่วนท้องถิ่น)',
 'ผู้พัฒนาโครงการที่ได้รับการเสนอเพิ่มเติม (ข้อ 7 วรรคสอง)',
 'กรมป่าไม้',
 4);

-- A project's split: the three shares add up to 100 % (the rule's bounds
-- are checked by the application, which knows the rule).
ALTER TABLE projects ADD COLUMN state_share_bp INTEGER NOT NULL DEFAULT 0
    CHECK (lao_share_bp >= 0 AND developer_share_bp >= 0 AND state_share_bp >= 0
           AND lao_share_bp + developer_share_bp + state_share_bp = 10000);
ALTER TABLE projects ADD COLUMN created_at TEXT;
ALTER TABLE projects ADD COLUMN updated_at TEXT;
-- Exactly one default project: at most one by this index, at least one by
-- the application (the default cannot be unset, only replaced).
CREATE UNIQUE INDEX projects_one_default ON projects(is_default) WHERE is_default = 1;
CREATE UNIQUE INDEX projects_name ON projects(name_th);

-- A certification keeps the rule and shares it was split by, so a later
-- change of the project's rule leaves recorded credits as they were. Rows
-- from before this migration were all under dla_programme (100 % LAO), the
-- only rule there was: the defaults say so. The CHECK keeps the split whole.
ALTER TABLE certifications ADD COLUMN sharing_rule_code TEXT NOT NULL DEFAULT 'dla_programme';
ALTER TABLE certifications ADD COLUMN lao_share_bp INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE certifications ADD COLUMN developer_share_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE certifications ADD COLUMN state_share_bp INTEGER NOT NULL DEFAULT 0
    CHECK (lao_share_bp + developer_share_bp + state_share_bp = 10000
           AND developer_share_tco2e >= 0 AND state_share_tco2e >= 0
           AND lao_share_tco2e + developer_share_tco2e + state_share_tco2e = total_tco2e);
ALTER TABLE certifications ADD COLUMN created_by BIGINT REFERENCES users(id);
-- One TGO reference once per project and LAO.
CREATE UNIQUE INDEX certifications_tgo_ref ON certifications(project_id, lao_code, tgo_ref);
CREATE INDEX certifications_certified_on ON certifications(certified_on, id);
CREATE INDEX certifications_project ON certifications(project_id);
