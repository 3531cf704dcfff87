CREATE TABLE tenants (id uuid PRIMARY KEY, name varchar(100) NOT NULL);
CREATE TABLE "Customer" ("id" serial PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, "CompanyName" varchar(40) NOT NULL, "Country" varchar(15));
CREATE TABLE orders (id serial PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, customer_id integer NOT NULL REFERENCES "Customer"(id) ON DELETE CASCADE, "Freight" real, quantity smallint NOT NULL, unit_price numeric(10,2) NOT NULL);
CREATE VIEW "Order Subtotals" AS SELECT o.id AS "OrderID", sum(o.unit_price * o.quantity) AS "Subtotal" FROM orders o GROUP BY o.id;
CREATE VIEW customer_countries AS SELECT c."Country", count(*) AS customers, max(o."Freight") AS max_freight, min(o.quantity) AS min_quantity FROM "Customer" c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c."Country";
CREATE VIEW big_orders AS SELECT "OrderID", "Subtotal" FROM "Order Subtotals" WHERE "Subtotal" > 100;
INSERT INTO tenants VALUES ('11111111-1111-1111-1111-111111111111', 'T');
INSERT INTO "Customer" (tenant_id, "CompanyName", "Country") VALUES ('11111111-1111-1111-1111-111111111111', 'Alfreds', 'Germany'), ('11111111-1111-1111-1111-111111111111', 'Ana', 'Mexico');
INSERT INTO orders (tenant_id, customer_id, "Freight", quantity, unit_price) VALUES ('11111111-1111-1111-1111-111111111111', 1, 32.38, 12, 14.00), ('11111111-1111-1111-1111-111111111111', 1, 11.61, 10, 9.80), ('11111111-1111-1111-1111-111111111111', 2, 65.83, 5, 42.40);
