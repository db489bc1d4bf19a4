# guanxi analyze rfm|bgnbd|paretonbd|gammagamma|bgbb|btyd-clv and guanxi score: RFM on a small
# hand-checked file, the published fits of MODELS.md M22 on the CDNOW and donations data in
# tests/data (Fader, Hardie & Lee 2005; Fader & Hardie 2013; Fader, Hardie & Shang 2010), bad
# input, and the scoring job on a database imported from the CDNOW sample (orders generated
# here with awk: one product, one order line per CDNOW row).
. "$(dirname "$0")/lib.sh"
DATA=${GUANXI_TEST_DATA:-$(cd "$(dirname "$0")/../data" && pwd)}
A=$DATA/analyze

csv() { run analyze "$@" --format csv; tr -d '\r' <"$T_OUT" >"$T_OUT.lf" && mv "$T_OUT.lf" "$T_OUT"; }

# --- RFM (M21), hand-computed ------------------------------------------------------------------
# As of 2026-04-01, n = 5, score = 1 + k (k customers strictly worse):
#   A R 1 day, F 3, M 100 → R5 F5 M3, FM 4 → champions
#   B R 12, F 1, M 50     → R4 F1 M2, FM 2 → promising
#   C R 90, F 1 (two orders on one day), M 200 → R3 F1 M4, FM 3 → need attention
#   D R 151, F 2, M 20    → R2 F4 M1, FM 3 → at risk
#   E R 365, F 1, M 500   → R1 F1 M5, FM 3 → at risk
csv rfm "$A/rfm_transactions.csv" --as-of 2026-04-01 --all --part customers
expect_status 0 "rfm from a transactions file"
expect_out "A,,1,3,100.00,5,5,3,4,Champions,champions" "A champions"
expect_out "B,,12,1,50.00,4,1,2,2,Promising,promising" "B promising"
expect_out "C,,90,1,200.00,3,1,4,3,Need attention,need_attention" "C: one purchase day, mean of two orders"
expect_out "D,,151,2,20.00,2,4,1,3,At risk,at_risk" "D at risk"
expect_out "E,,365,1,500.00,1,1,5,3,At risk,at_risk" "E at risk"
csv rfm "$A/rfm_transactions.csv" --as-of 2026-04-01 --top 1 --part customers
expect_eq "$(wc -l <"$T_OUT" | tr -d ' ')" "2" "--top 1 prints one customer"
csv rfm "$A/rfm_transactions.csv" --as-of 2026-04-01 --part segments
expect_out "At risk,at_risk,2,0.4000" "segment counts"
run analyze rfm "$A/rfm_transactions.csv" --as-of 2026-04-01 --lang zh --part customers
expect_out "重要价值" "Chinese segment names"
csv rfm "$A/rfm_transactions.csv" --as-of 2026-04-01 --monetary total --all --part customers
expect_out "C,,90,1,400.00" "--monetary total"
run analyze rfm --help
expect_out "--customer-col" "layout flags in --help"
expect_out "customer" "their defaults in --help"

# --- BG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB (M22) ------------------------------------------------
# FHL 2005: r 0.2426, α 4.4135, a 0.7929, b 2.4258; log-likelihood −9582.43
csv bgnbd "$DATA/cdnow_customers_summary.csv" --part parameters
expect_status 0 "bgnbd on the CDNOW summary"
expect_out "r,0.2426," "BG/NBD r"
expect_out "alpha,4.4135," "BG/NBD alpha"
expect_out "a,0.7929," "BG/NBD a"
expect_out "b,2.4258," "BG/NBD b"
csv bgnbd "$DATA/cdnow_customers_summary.csv" --part fit
expect_out "-9582.4256,2357," "log-likelihood and customers"
csv bgnbd "$DATA/cdnow_customers_summary.csv" --top 1 --horizon 39 --part customers
expect_out "1516,,26,30.86,31.00," "top customer by expected purchases"
# Fader & Hardie 2013: p 6.25, q 3.74, γ 15.44
csv gammagamma "$DATA/cdnow_customers_summary_with_transactions.csv" --part parameters
expect_out "p,6.2488," "Gamma-Gamma p"
expect_out "q,3.7446," "Gamma-Gamma q"
expect_out "gamma,15.4477," "Gamma-Gamma gamma"
# FHS 2010: α 1.204, β 0.750, γ 0.657, δ 2.783
csv bgbb "$DATA/donations.csv" --part parameters
expect_out "alpha,1.2035," "BG/BB alpha"
expect_out "beta,0.7497," "BG/BB beta"
expect_out "gamma,0.6567," "BG/BB gamma"
expect_out "delta,2.7834," "BG/BB delta"
csv bgbb "$DATA/donations.csv" --top 1 --part customers
expect_out ",6,6,6,1203,0.9304," "six of six: P(alive next year) 0.93 (FHS 2010)"
csv paretonbd "$DATA/cdnow_customers_summary.csv" --part parameters
expect_status 0 "paretonbd on the CDNOW summary"
expect_out "r,0.55" "Pareto/NBD r ≈ 0.55 (FHL 2005)"
csv btyd-clv "$DATA/cdnow_customers_summary_with_transactions.csv" --part total
expect_out "2357," "CLV for every customer"
run analyze btyd-clv "$DATA/cdnow_customers_summary_with_transactions.csv" --format json
if command -v python3 >/dev/null 2>&1 && python3 -m json.tool "$T_OUT" >/dev/null 2>&1; then pass; else fail "btyd-clv JSON"; fi

# --- M23 association rules, M24 forecasts (hand-computed) ----------------------------------------------
# 5 baskets: tea in 2, cup in 3, both in 2 → tea→cup support 0.4, confidence 1, lift 1/0.6;
# cup→tea confidence 2/3, lift (2/3)/0.4; pot has no partner
csv assoc "$A/baskets.csv"
expect_out "tea,cup,0.4000,1.0000,1.6667,2" "tea → cup"
expect_out "cup,tea,0.4000,0.6667,1.6667,2" "cup → tea"
expect_out "5,3,2" "orders, items, rules"
# May: 10000·50% + 2000·25% = 5500; June: 8000·10% = 800
csv forecast --method pipeline "$A/pipeline.csv"
expect_out "2026-05,2,12000.00,5500.00" "pipeline May"
expect_out "2026-06,1,8000.00,800.00" "pipeline June"
# The CDNOW sample made about 1,788 repeat purchases in its 39-week holdout (FHL 2005):
# some 200 a month
csv forecast "$DATA/cdnow_customers_summary.csv" --months 1
expect_out "1,221.65,221.65" "BG/NBD purchases in the first month"

# --- bad input ------------------------------------------------------------------------------------
run analyze rfm "$A/bad_date_transactions.csv" --customer-col cust --date-col day --amount-col value
expect_status 1 "bad date"
expect_err "line 3, column 2 (day)" "bad date: line and column"
run analyze rfm "$A/bad_date_transactions.csv" --customer-col cust --date-col day
expect_status 1 "missing amount column"
expect_err "missing column \"amount\"" "names the missing column"
run analyze bgnbd "$A/gap.csv"
expect_status 1 "neither transactions nor a summary"
run analyze gammagamma "$DATA/cdnow_customers_summary.csv"
expect_status 2 "Gamma-Gamma without spend is a usage error"
run analyze bgbb "$DATA/cdnow_customers_summary.csv"
expect_status 1 "BG/BB on a non-integer layout"

# --- guanxi score on the CDNOW sample ---------------------------------------------------------------
awk 'BEGIN { print "客户编号,客户名称" } { if (!seen[$1]++) printf "C%d,客户%d\n", $1 + 0, $1 + 0 }' \
	"$DATA/CDNOW_sample.txt" >"$TEST_TMP/customers.csv"
printf '产品编号,产品名称,单价\nCD,CD,10\n' >"$TEST_TMP/products.csv"
awk 'BEGIN { print "订单编号,客户,下单时间,产品编号,数量,单价" }
	{ d = $3; printf "O%d,C%d,%s-%s-%s 10:00,CD,1,%.2f\n", NR, $1 + 0, substr(d, 1, 4), substr(d, 5, 2), substr(d, 7, 2), $5 }' \
	"$DATA/CDNOW_sample.txt" >"$TEST_TMP/orders.csv"
run init
run import customers "$TEST_TMP/customers.csv"
run import products "$TEST_TMP/products.csv"
run import orders "$TEST_TMP/orders.csv"
expect_out "6919 created" "CDNOW orders imported"
# The 39-week calibration period of FHL 2005 ends on 1997-09-30.
run score --as-of 1997-10-01 --format csv --part run
expect_status 0 "score"
expect_out "2357,2349," "every customer scored; 8 bought only free items"
expect_eq "$(sql "SELECT COUNT(*) FROM scores")" "2357" "one row per customer"
expect_eq "$(sql "SELECT COUNT(*) FROM scores WHERE purchases > 0 AND rfm_segment IS NOT NULL")" "2349" "RFM for every buyer"
expect_eq "$(sql "SELECT COUNT(*) FROM scores WHERE purchases > 0 AND (p_alive IS NULL OR p_alive < 0 OR p_alive > 1)")" "0" "P(alive) in [0, 1]"
expect_eq "$(sql "SELECT COUNT(*) FROM scores WHERE purchases = 1 AND p_alive <> 1")" "0" "no repeat purchase: P(alive) = 1 under BG/NBD"
expect_eq "$(sql "SELECT CASE WHEN COUNT(*) > 1000 THEN 1 ELSE 0 END FROM scores WHERE purchases = 1")" "1" "many one-time buyers"
# C4 bought on 1997-01-01, 01-18 and 08-02 (2 repeat days, last 60 days before as-of): R5 F4 M3
expect_eq "$(sql "SELECT rfm_r || ',' || rfm_f || ',' || rfm_m || ',' || rfm_segment || ',' || lifecycle_stage || ',' || abc_class FROM scores s JOIN customers c ON c.id = s.customer_id WHERE c.code = 'C4'")" \
	"5,4,3,champions,growth,A" "C4's RFM cell, stage and class"
expect_eq "$(sql "SELECT COUNT(*) FROM scores WHERE clv_yuan IS NULL AND purchases > 0")" "0" "CLV for every buyer"
expect_eq "$(sql "SELECT CASE WHEN fitted LIKE '%\"bgnbd\":{\"r\":0.24%' THEN 1 ELSE 0 END FROM score_runs")" "1" "fitted parameters stored with the run"
run customer show C4
expect_out "RFM: R5 F4 M3  Champions" "customer show prints the scores"
expect_out "P(alive): 0.7265" "customer show prints P(alive)"
run score --as-of 1997-10-01
expect_status 0 "score again"
expect_eq "$(sql "SELECT COUNT(*) FROM scores")" "2357" "still one row per customer"
expect_eq "$(sql "SELECT COUNT(DISTINCT run_id) FROM scores")" "1" "rows of the latest run only"
expect_eq "$(sql "SELECT COUNT(*) FROM score_runs")" "2" "one run row per run"
expect_eq "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'score' AND status = 'done'")" "2" "one job row per run"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'score'")" "2" "one audit row per run"
finish
