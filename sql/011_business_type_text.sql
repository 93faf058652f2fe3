-- Migration 011: a buyer's business type (ประเภทกิจการ) is typed text, as in
-- the manual ("ระบุข้อมูล ประเภทกิจการ (*บังคับกรอก)"), no longer a code of
-- DLA's business_type list; the list stays, as suggestions for the form.
-- Every stored code becomes its Thai name from the list (active or not);
-- a value that is no code of the list is already text and stays as it is.
-- One statement for SQLite and PostgreSQL alike.
UPDATE buyers
   SET business_type = (SELECT c.name_th FROM code_lists c
                         WHERE c.list = 'business_type' AND c.code = buyers.business_type)
 WHERE business_type IN (SELECT code FROM code_lists WHERE list = 'business_type');
