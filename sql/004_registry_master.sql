-- Migration 004: the buyer registry and DLA's master data (issue 3).

-- Which provinces (whole, lao_code NULL) or single LAOs a provincial
-- office user is responsible for, beyond its own province (the manual's
-- "add responsible province / LAO" button). Read by every scoped statement.
CREATE TABLE user_responsibilities (
    id            SERIAL_PK,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    province_code TEXT NOT NULL REFERENCES provinces(code),
    lao_code      TEXT REFERENCES laos(code),
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX user_responsibilities_one ON user_responsibilities(user_id, province_code, lao_code);

-- Code lists DLA maintains: business_type, spending_project_type (and
-- buyer_type, whose four codes the API fixes; only their names change).
CREATE TABLE code_lists (
    list     TEXT NOT NULL,
    code     TEXT NOT NULL,
    name_th  TEXT NOT NULL,
    sort     INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    PRIMARY KEY (list, code)
);
INSERT INTO code_lists (list, code, name_th, sort) VALUES
 ('buyer_type', 'individual', 'บุคคลธรรมดา', 1),
 ('buyer_type', 'private', 'เอกชน', 2),
 ('buyer_type', 'state_enterprise', 'รัฐวิสาหกิจ', 3),
 ('buyer_type', 'government', 'หน่วยงานของรัฐ', 4),
 ('business_type', 'energy', 'พลังงานและสาธารณูปโภค', 1),
 ('business_type', 'manufacturing', 'อุตสาหกรรมการผลิต', 2),
 ('business_type', 'petrochemical', 'ปิโตรเลียมและปิโตรเคมี', 3),
 ('business_type', 'construction', 'ก่อสร้างและอสังหาริมทรัพย์', 4),
 ('business_type', 'finance', 'การเงิน การธนาคาร และประกันภัย', 5),
 ('business_type', 'retail', 'ค้าปลีกและค้าส่ง', 6),
 ('business_type', 'transport', 'ขนส่งและโลจิสติกส์', 7),
 ('business_type', 'tourism', 'การท่องเที่ยว โรงแรม และบริการ', 8),
 ('business_type', 'agriculture', 'เกษตรและอาหาร', 9),
 ('business_type', 'ict', 'เทคโนโลยีสารสนเทศและการสื่อสาร', 10),
 ('business_type', 'public_service', 'บริการสาธารณะ', 11),
 ('business_type', 'other', 'อื่น ๆ', 99),
 ('spending_project_type', 'environment', 'ด้านสิ่งแวดล้อมและการจัดการขยะ', 1),
 ('spending_project_type', 'infrastructure', 'ด้านโครงสร้างพื้นฐาน', 2),
 ('spending_project_type', 'quality_of_life', 'ด้านคุณภาพชีวิต', 3),
 ('spending_project_type', 'education', 'ด้านการศึกษา', 4),
 ('spending_project_type', 'health', 'ด้านสาธารณสุข', 5),
 ('spending_project_type', 'economy', 'ด้านเศรษฐกิจชุมชน', 6),
 ('spending_project_type', 'other', 'อื่น ๆ', 99);

-- The buyer registry. display_name is the person's or organisation's name,
-- kept for search and sorting. The registering LAO or provincial office
-- (or neither: DLA) may edit the record, as may DLA.
CREATE TABLE buyers (
    id                      SERIAL_PK,
    buyer_type              TEXT NOT NULL CHECK (buyer_type IN ('individual', 'private', 'state_enterprise', 'government')),
    registered_on           TEXT NOT NULL,
    has_tver_account        INTEGER NOT NULL CHECK (has_tver_account IN (0, 1)),
    tver_account_name       TEXT,
    tver_account_no         TEXT,
    first_name              TEXT,
    last_name               TEXT,
    occupation              TEXT,
    org_name                TEXT,
    business_type           TEXT,
    display_name            TEXT NOT NULL,
    address                 TEXT NOT NULL,
    road                    TEXT,
    province_code           TEXT NOT NULL REFERENCES provinces(code),
    district_code           TEXT NOT NULL REFERENCES districts(code),
    subdistrict_code        TEXT NOT NULL REFERENCES subdistricts(code),
    postcode                TEXT NOT NULL,
    phone                   TEXT NOT NULL,
    office_phone            TEXT,
    coordinator_first_name  TEXT NOT NULL,
    coordinator_last_name   TEXT NOT NULL,
    owner_lao_code          TEXT REFERENCES laos(code),
    owner_province_code     TEXT REFERENCES provinces(code),
    created_by              BIGINT NOT NULL REFERENCES users(id),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK (has_tver_account = 0 OR (tver_account_name IS NOT NULL AND tver_account_no IS NOT NULL)),
    CHECK (has_tver_account = 1 OR (tver_account_name IS NULL AND tver_account_no IS NULL)),
    CHECK (buyer_type <> 'individual' OR (first_name IS NOT NULL AND last_name IS NOT NULL AND occupation IS NOT NULL)),
    CHECK (buyer_type = 'individual' OR (org_name IS NOT NULL AND business_type IS NOT NULL))
);
CREATE UNIQUE INDEX buyers_tver_account_no ON buyers(tver_account_no);
CREATE INDEX buyers_registered_on ON buyers(registered_on, id);
CREATE INDEX buyers_area ON buyers(province_code, district_code, subdistrict_code);
CREATE INDEX buyers_type ON buyers(buyer_type);

-- Sharing rules from the regulations: the LAO's (applicant's) share may be
-- fixed or adjustable between bounds; a project carries its chosen split.
-- Whole credits only: each party's share is rounded down and the remainder
-- goes to the state agency, whose share the regulations set as a minimum.
ALTER TABLE sharing_rules ADD COLUMN lao_min_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sharing_rules ADD COLUMN lao_max_bp INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE sharing_rules ADD COLUMN developer_share_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sharing_rules ADD COLUMN state_party_th TEXT;
ALTER TABLE sharing_rules ADD COLUMN developer_party_th TEXT;
UPDATE sharing_rules SET lao_min_bp = 10000, lao_max_bp = 10000 WHERE code = 'dla_programme';

ALTER TABLE projects ADD COLUMN lao_share_bp INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE projects ADD COLUMN developer_share_bp INTEGER NOT NULL DEFAULT 0;

ALTER TABLE certifications ADD COLUMN developer_share_tco2e BIGINT NOT NULL DEFAULT 0;
ALTER TABLE certifications ADD COLUMN state_share_tco2e BIGINT NOT NULL DEFAULT 0;

-- Documents attached to a record (certifications now; trades later).
CREATE TABLE record_files (
    entity     TEXT NOT NULL,
    entity_id  BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    file_id    BIGINT NOT NULL REFERENCES files(id),
    PRIMARY KEY (entity, entity_id, kind, file_id)
);

-- News: who wrote it and whether it is shown on the public page.
ALTER TABLE news ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
ALTER TABLE news ADD COLUMN updated_at TEXT;
