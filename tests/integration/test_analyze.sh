# guanxi analyze <model>: every command on the small files in tests/data/analyze/ whose
# expected numbers are the vectors of shared/testdata/seed_vectors.json or hand-computed (each
# check says which); bad input (missing column, non-numeric cell, empty file, unknown option
# values) with its exit status; JSON output; the database path on a small database imported
# from CSV fixtures, with refunds; and the ECSI PLS path model of MODELS.md M7.
. "$(dirname "$0")/lib.sh"
DATA=${GUANXI_TEST_DATA:-$(cd "$(dirname "$0")/../data" && pwd)}
A=$DATA/analyze

# csv MODEL ARGS…: runs `guanxi analyze MODEL ARGS…` with --format csv (output in $T_OUT, rows end in CRLF).
csv() { run analyze "$@" --format csv; tr -d '\r' <"$T_OUT" >"$T_OUT.lf" && mv "$T_OUT.lf" "$T_OUT"; }
json_ok() {
	if command -v python3 >/dev/null 2>&1; then
		if python3 -m json.tool "$T_OUT" >/dev/null 2>&1; then pass; else fail "$1 (not valid JSON)"; fi
	else
		if head -c1 "$T_OUT" | grep -q '[{[]'; then pass; else fail "$1 (no JSON)"; fi
	fi
}

# --- M1–M4 satisfaction ----------------------------------------------------------------------
# seed vector M3: weights .30 .10 .35 .15 .05 .05, scores 4 4 5 4 2 3 → 4.20 满意, mean 3.667 一般
csv satisfaction "$A/csi_attributes.csv" --part summary
expect_status 0 "weighted index from an attribute table"
expect_out "weighted index (CSI),4.2000,80.00,4,satisfied," "M3 weighted 4.20 (seed)"
expect_out "simple mean,3.6667,66.67,3,neutral," "M3 simple mean 3.667 (seed)"
run analyze satisfaction "$A/csi_attributes.csv" --lang zh --part summary
expect_out "满意" "Chinese level label"
expect_out "加权满意度指数" "Chinese measure label"
run analyze satisfaction "$A/csi_attributes.csv" --part scale --lang zh
expect_out "投诉" "M2 behavioural indicators of 很不满意"
csv satisfaction "$A/csi_attributes.csv" --part scale --levels 7
expect_out "7,very satisfied," "the 7-level scale"
# hand-computed survey: R1 (5·4+1·2)/6 = 3.6667, R2 (3·5+3·3)/6 = 4; mean 3.8333 → 70.83 on 0–100
csv satisfaction "$A/satisfaction_survey.csv"
expect_out "importance-weighted survey index,3.8333,70.83,3,neutral,2" "survey index and 0–100"
expect_out "a,4.0000,4.5000,4,satisfied" "attribute means"
csv satisfaction "$A/satisfaction_survey.csv" --levels 7 --part attributes
expect_out "a,4.0000,4.5000,4,neutral" "7-level labels"
# seed vector M1
csv gap "$A/gap.csv"
expect_out "A,6.0000,8.0000,-2.0000,dissatisfied" "M1 CS = −2"
expect_out "B,8.0000,8.0000,0.0000,satisfied" "M1 CS = 0"
expect_out "C,9.0000,7.0000,2.0000,highly satisfied" "M1 CS = 2"
# seed vector M4: split lines 3.72 / 3.52
csv ipa "$A/ipa_attributes.csv"
expect_out "价格合理,4.6000,3.1000,urgent improvement" "M4 urgent"
expect_out "进出方便,3.2000,4.4000,nice to have" "M4 nice to have"
expect_out "商品新鲜,4.4000,4.5000,strength" "M4 strength"
expect_out "投诉方便,3.5000,3.0000,low priority" "M4 low priority"
expect_out "3.7200,3.5200" "M4 split lines at the means"
csv ipa "$A/ipa_attributes.csv" --split midpoint --scale-min 1 --scale-max 5 --part lines
expect_out "3.0000,3.0000" "midpoint split lines"

# --- M5 Kano ----------------------------------------------------------------------------------
# seed vector M5_kano_feature: A2 O3 M3 I1 R1 Q0 → M, Better 0.5556, Worse −0.6667
csv kano "$A/kano.csv"
expect_out "remote,,10,2,3,3,1,1,0,M must-be,0.5556,-0.6667" "M5 counts, category, Better/Worse"
run analyze kano "$A/kano.csv" --tie-order OMAIRQ --format csv
expect_out "O one-dimensional" "tie order changes the winner of the M/O tie"
# seed001's remote control: attractive 1983, one-dimensional 1989, must-be 1998
csv kano "$A/kano_waves.csv" --part drift
expect_out "remote,3,2,A attractive,M must-be,yes" "drift A → O → M is maturing"

# --- M6 SERVQUAL ------------------------------------------------------------------------------
# seed vector M6: dimensions −1, −0.6, −1, −1, −1; overall −0.92
csv servqual "$A/servqual.csv" --part dimensions
expect_out "reliability,-0.6000" "M6 reliability gap"
expect_out "tangibles,-1.0000" "M6 tangibles gap"
csv servqual "$A/servqual.csv" --part summary
expect_out "1,-0.9200," "M6 overall gap"
csv servqual "$A/servqual.csv" --part summary --weights 20,20,20,20,20
expect_out "1,-0.9200,-0.9200" "equal weights give the unweighted overall"
csv servqual "$A/servqual.csv" --part items
expect_out "5,reliability,no,6.0000,7.0000,1.0000" "item 5 gap +1"
expect_out "10,responsiveness,yes,6.0000,5.0000,-1.0000" "item 10 reversed (8 − x)"

# --- M7 PLS on the ECSI data --------------------------------------------------------------------
ECSI_BLOCKS='IMAG=imag*;EXPE=expe*;QUAL=qual*;VAL=val*;SAT=sat*;LOY=loy*'
ECSI_PATHS='IMAG>EXPE,IMAG>SAT,IMAG>LOY,EXPE>QUAL,EXPE>VAL,EXPE>SAT,QUAL>VAL,QUAL>SAT,VAL>SAT,SAT>LOY'
csv pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths "$ECSI_PATHS" --part paths
expect_status 0 "PLS on the ECSI data"
expect_out "IMAG,SAT,0.2007," "M7 IMAG → SAT 0.2007 (plspm reference)"
expect_out "EXPE,SAT,-0.0028," "M7 EXPE → SAT −0.0028"
expect_out "QUAL,SAT,0.1221," "M7 QUAL → SAT 0.1221"
expect_out "VAL,SAT,0.5893," "M7 VAL → SAT 0.5893"
csv pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths "$ECSI_PATHS" --part latent
expect_out "EXPE,A,0.3352," "M7 R² EXPE"
expect_out "QUAL,A,0.7197," "M7 R² QUAL"
expect_out "VAL,A,0.5901," "M7 R² VAL"
expect_out "SAT,A,0.7073," "M7 R² SAT"
expect_out "LOY,A,0.5099," "M7 R² LOY"
# every block formative: the mode B reference values of test_plspm (R² SAT 0.7322, LOY 0.5400; no AVE)
csv pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths "$ECSI_PATHS" --modes B --part latent
expect_out "SAT,B,0.7322,,0.7335," "mode B R² and mean communality, AVE undefined"
expect_out "LOY,B,0.5400,," "mode B R² of LOY"
run analyze pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths "$ECSI_PATHS" --bootstrap 200 --seed 7 --format json
json_ok "PLS with bootstrap as JSON"
first=$(cat "$T_OUT")
run analyze pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths "$ECSI_PATHS" --bootstrap 200 --seed 7 --format json
expect_eq "$(cat "$T_OUT")" "$first" "same seed, same bootstrap"
run analyze pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths 'IMAG>NOPE'
expect_status 2 "a path to an unknown latent variable is a usage error"
run analyze pls "$DATA/ecsi_satisfaction.csv" --blocks 'IMAG=imag*;X=nosuchcol' --paths 'IMAG>X'
expect_status 1 "a block column missing from the file"
expect_err "nosuchcol" "names the missing column"
run analyze pls "$DATA/ecsi_satisfaction.csv" --blocks "$ECSI_BLOCKS" --paths "$ECSI_PATHS" --bootstrap 50
expect_status 2 "fewer than 200 bootstrap resamples refused"

# --- M8 PDCA ----------------------------------------------------------------------------------
# hand-computed: 3,3,4,4 → 4,4,5,5: Δ = 1, sd 0.5774 each, t = 1/√(2·(1/3)/4) = 2.4495, df 6
csv pdca "$A/pdca.csv" --part attributes
expect_out "响应速度,4,3.5000,4,4.5000,1.0000,2.4495,6.00," "M8 Welch t"
expect_out "价格,4,3.5000,4,3.5000,0.0000,0.0000,6.00,1.0000,no significant change" "M8 unchanged"

# --- M9–M12 loyalty ------------------------------------------------------------------------------
# seed vector M9 (case 1 and a B that skips February)
csv loyalty "$A/tucker.csv" --as-of 2026-04-01
expect_out "A,,yes" "M9 Jan–Mar purchases: loyal"
expect_out "B,,no" "M9 a gap in February: not loyal"
csv loyalty "$A/tucker.csv" --as-of 2026-04-01 --periods 2 --period quarter
expect_out "A,,no" "two quarters need Q4 2025 too"
# hand-computed: duration/frequency ranks 0, ½, 1, discount inverted → 3/11, ½, 8/11
csv loyalty "$A/loyalty_index.csv" --method index
expect_out "L1,,0.2727,0.0000,2.0909" "M10 index 3/11"
expect_out "L3,,0.7273,1.0000,3.9091" "M10 index 8/11"
# seed vector M11
csv loyalty "$A/js.csv" --method js
expect_out "C1,5.0000,5.0000,apostle" "M11 apostle"
expect_out "C3,1.0000,1.0000,terrorist" "M11 terrorist"
expect_out "C5,2.0000,5.0000,hostage" "M11 hostage"
expect_out "C7,3.0000,3.0000,defector" "M11 midpoint is low"
expect_out "C8,3.5000,3.0000,mercenary" "M11 mercenary"
run analyze loyalty "$A/js.csv" --method js --lang zh --format csv
expect_out "信徒" "M11 Chinese label"
# M12: one customer per type
csv loyalty "$A/loyalty_types.csv" --method types
expect_out "T1,,high,high,true loyalty" "M12 true"
expect_out "T2,,low,high,price loyalty" "M12 price"
expect_out "T3,,low,high,incentive loyalty" "M12 incentive"
expect_out "T4,,low,high,monopoly loyalty" "M12 monopoly"
expect_out "T5,,low,high,inertia loyalty" "M12 inertia (Tucker)"
expect_out "T6,,high,low,latent loyalty" "M12 latent"
expect_out "T7,,not surveyed,low,no loyalty" "M12 none, attitude not surveyed"

# --- M13 lifecycle, M14 relationship --------------------------------------------------------------
csv lifecycle "$A/lifecycle_orders.csv" --as-of 2026-04-01 --part customers
expect_out "NEW,,growth,growth" "M13 growth"
expect_out "MAT,,maturity,maturity" "M13 maturity: tenure ≥ 365, ratio 1.0"
expect_out "DEC,,decline,decline" "M13 decline: ratio 0.1"
expect_out "GONE,,termination,termination" "M13 termination: 700 days without an order"
csv lifecycle "$A/lifecycle_orders.csv" --as-of 2026-04-01 --part customers --decline-ratio 0.05
expect_no_out "DEC,,decline" "the decline ratio is a parameter"
csv lifecycle "$A/lifecycle_orders.csv" --as-of 2026-04-01 --part stages
expect_status 0 "stage mapping table"
# seed vector M14 (all nine cells)
run analyze relationship "$A/kotler.csv" --format csv --lang zh
expect_out "many-low,low,many,基本型" "M14 basic"
expect_out "many-high,high,many,负责型" "M14 accountable"
expect_out "medium-high,high,medium,主动型" "M14 proactive"
expect_out "few-high,high,few,伙伴型" "M14 partnership"
csv relationship --margin medium --customers few --part types
expect_out ",medium,few,proactive" "M14 from flags"
csv relationship --margin medium --customers few --part rm_levels
expect_out "3,level 3: structural" "relationship-marketing levels listed"
csv relationship "$A/relationship_gaps.csv"
expect_out "X,1,-2,-1,-2" "M14 gaps (hand-computed)"

# --- M15–M20 value ------------------------------------------------------------------------------
csv value "$A/delivered.csv" --method delivered
expect_out "seed,700.00,500.00,200.00,1.4000" "M15 delivered 200 (seed vector)"
csv value "$A/profit.csv"
expect_out "seed,,1000.00,600.00,100.00,300.00,400.00,0.4000" "M16 profitability 300, contribution 400 (seed vector)"
# seed vector M17: 100 50 20 10 10 5 3 1 1 0 → 0.75, AAABBCCCCC, Gini 0.682
csv pareto "$A/pareto_customers.csv" --part summary
expect_out "10,200.00,2,0.7500,0.6820,3,2,5," "M17 top share, Gini, class counts"
csv pareto "$A/pareto_customers.csv" --part customers
expect_out "3,K3,,20.00,0.8500,A" "M17 third customer is A"
expect_out "4,K4,,10.00,0.9000,B" "M17 fourth customer is B"
expect_out "6,K6,,5.00,0.9750,C" "M17 sixth customer is C"
# orders layout: A's 2024 order is outside the trailing 12 months
csv pareto "$A/pareto_orders.csv" --as-of 2026-04-01 --part customers
expect_out "1,A,,100.00,0.6250,A" "trailing window"
expect_out "3,C,,10.00,1.0000,B" "C above holds 0.9375"
csv pareto "$A/pareto_orders.csv" --as-of 2026-04-01 --window all --part customers
expect_out "1,A,,1100.00" "all-time window"
# seed vectors M18
csv clv --first 2000 --acquisition 400 --per-period 500
expect_out "CLV,3544.83" "M18 seed example"
csv clv --first 2000 --acquisition 400 --per-period 500 --retention 0.8
expect_out "CLV,2685.56" "M18 with r = 0.8"
csv clv "$A/clv_flows.csv"
expect_out "CLV,3544.83" "M18 from a cash-flow file"
# seed vector M19
csv clv --method extended --acquisition 400 --first 2000 --per-period 1000 --cost 300 --premium 0.05 --saving 0.1 --referrals 0.5 --referral-saving 400 --retention 0.8
expect_out "first purchase,1600.00" "M19 first purchase"
expect_out "repeat purchases,1519.78" "M19 repeat"
expect_out "cost savings,65.13" "M19 cost savings"
expect_out "referrals,434.22" "M19 referrals"
expect_out "price premium,108.56" "M19 price premium"
expect_out "CLV,3727.70" "M19 total"
# seed vector M20 and the decision cases
csv retention --base 100 --retained 80 --lost-clv 120,80 --retention-cost 150
expect_out "100,80,0.8000,0.2000,5.00" "M20 retention 0.8, T = 5"
expect_out "200.00,150.00,yes" "invest when cost < lost profit"
csv retention --base 100 --retained 80 --lost-reasons price,price,service,price --part churn_reasons
expect_out "price,3,0.0300" "churn by reason: 3 of 100"
expect_out "service,1,0.0100" "churn by reason: 1 of 100"
csv retention --base 100 --retained 80 --lost-clv 120,80 --retention-cost 250 --part decision
expect_out "200.00,250.00,no" "do not invest when cost ≥ lost profit"
# hand-computed: base window [2024-04-01, 2025-04-01) has A, B, C; A and C bought again
csv retention "$A/retention_purchases.csv" --as-of 2026-04-01
expect_out "3,2,0.6667,0.3333,3.00" "retention from purchases"

# --- M25 credit ---------------------------------------------------------------------------------
# seed vector M25: 90 80 70 60 50 → 75, B; limit 2 × capacity
csv credit "$A/credit_5c.csv"
expect_out "K1,90.00,80.00,70.00,60.00,50.00,75.00,B (good),credit sale; instalments (bank-mediated),10000.00,20000.00" "M25 score 75, grade B, forms, limit"
expect_out "K3,40.00,40.00,40.00,40.00,0.00,36.00,E (poor),cash only,1000.00,0.00" "grade E: cash only, no limit"
csv credit "$A/credit_5c.csv" --grade-min 95,70,55,40 --part customers
expect_out "K2,100.00,100.00,100.00,100.00,100.00,100.00,A" "grade bounds are parameters"
csv credit "$A/credit_5c.csv" --form-lowest A,A,C,C --part customers
expect_out "K1,90.00,80.00,70.00,60.00,50.00,75.00,B (good),instalments (bank-mediated)," "credit sale restricted to A"
run analyze credit "$A/credit_5c.csv" --form-lowest A,B,Z,C
expect_status 2 "a bad grade letter"
csv credit "$A/aging.csv" --method aging --as-of 2026-04-01 --part customers
expect_out "K2,0.00,0.00,300.00,0.00,400.50,700.50" "aging buckets (45 and 121 days overdue)"
expect_out "all,100.00,200.00,300.00,0.00,400.50,1000.50" "aging total"

# --- JSON, language, help ---------------------------------------------------------------------
run analyze pareto "$A/pareto_customers.csv" --format json
json_ok "Pareto as JSON"
expect_out '"gini": 0.6820' "JSON numbers are numbers"
run analyze kano "$A/kano_waves.csv" --format json
json_ok "Kano as JSON"
expect_out '"maturing": true' "JSON booleans"
run analyze servqual "$A/servqual.csv" --format json --part summary
json_ok "one part as a JSON array"
run analyze pareto --help
expect_out "(default: 0.80)" "parameter defaults shown in --help"
expect_out "customer,value[,clv]" "input layout shown in --help"
run analyze kano --help
expect_out "files only" "survey commands say they read files only"

# --- bad input ----------------------------------------------------------------------------------
run analyze satisfaction "$A/bad_missing_column.csv"
expect_status 1 "missing column"
expect_err 'missing column "score"' "names the column"
run analyze satisfaction "$A/bad_non_numeric.csv"
expect_status 1 "non-numeric cell"
expect_err 'line 3, column 3 (score): "abc" is not a number' "names line, column and value"
run analyze satisfaction "$A/empty.csv"
expect_status 1 "empty file"
expect_err "empty" "says the file is empty"
run analyze satisfaction "$A/header_only.csv"
expect_status 1 "header without rows"
expect_err "no data rows" "says there are no rows"
run analyze kano "$A/bad_kano_answer.csv"
expect_status 1 "answer off the scale"
expect_err "line 2, column 3 (d_x)" "names the cell"
run analyze ipa "$A/ipa_attributes.csv" --split sideways
expect_status 2 "unknown parameter value"
expect_err "means, midpoint" "lists the choices"
run analyze pareto "$A/pareto_customers.csv" --a-share lots
expect_status 2 "non-numeric parameter"
run analyze pareto "$A/pareto_customers.csv" --tiers 0.1,0.2
expect_status 2 "wrong count of list values"
run analyze pareto "$A/pareto_customers.csv" --part nope
expect_status 2 "unknown part"
run analyze loyalty "$A/js.csv" --method telepathy
expect_status 2 "unknown method"
run analyze satisfaction
expect_status 2 "a file-only command without a file"
expect_err "files only" "says survey data come from files"
run analyze pareto "$A/no-such-file.csv"
expect_status 1 "missing file"
printf 'attribute,weight,score\nq,-1,4\n' >"$TEST_TMP/negw.csv"
run analyze satisfaction "$TEST_TMP/negw.csv"
expect_status 1 "a model error (negative weight)"
printf 'customer,value\nK1,10\nK1,20\n' >"$TEST_TMP/dup.csv"
run analyze pareto "$TEST_TMP/dup.csv"
expect_status 1 "customer listed twice"
expect_err "line 3" "names the second row"

# --- the database path ----------------------------------------------------------------------------
# Customers are created on 2026-01-01 (GUANXI_NOW), so that the referrals count as of 2026-04-01.
export GUANXI_NOW=2026-01-01T00:00:00Z
run init
run import categories "$A/db_categories.csv"
run import products "$A/db_products.csv"
run import customers "$A/db_customers.csv"
run import orders "$A/db_orders.csv"
expect_out "9 created" "orders imported"
run import orders "$A/db_refunds.csv"
expect_out "2 created" "refunds imported"
unset GUANXI_NOW
# trailing 12 months before 2026-04-01, net of refunds: K1 1000, K2 500, K3 300 − 100 = 200,
# K4 100 + (100 − 100), K5 and K6 (only a 2024 order) 0; total 1800
csv pareto --as-of 2026-04-01 --part customers
expect_out "1,K1,张伟,1000.00,0.5556,A" "K1 first, A"
expect_out "2,K2,李娜,500.00,0.8333,A" "K2 A: the customer above holds 55.6%"
expect_out "3,K3,王芳,200.00,0.9444,B" "K3 B: net of its refund (without it K3 would be A)"
expect_out "4,K4,刘洋,100.00,1.0000,B" "K4 B: a fully refunded order adds nothing"
expect_out "5,K5,陈静,0.00,1.0000,C" "K5 without orders is C"
expect_out "6,K6,杨磊,0.00,1.0000,C" "K6's order is older than the window"
csv pareto --as-of 2026-03-02 --part customers
expect_out ",K3,王芳,300.00," "a refund dated on or after --as-of does not count yet"
csv pareto --as-of 2026-04-01 --part summary
expect_out "6,1800.00,2,0.8333,0.6111,2,2,2," "summary (Gini hand-computed 0.6111)"
csv pareto --as-of 2026-04-01 --window all --part customers
expect_out "1,K6,杨磊,5000.00" "all time: K6 first"
csv pareto --as-of 2026-04-01 --measure profit --part customers
expect_out "1,K1,张伟,600.00" "profit = net revenue − net cost"
csv value --as-of 2026-04-01
expect_out "K3,王芳,200.00,80.00,0.00,120.00,120.00,0.6000" "M16 from orders: the refund returns its cost too"
# base window [2024-04-01, 2025-04-01): K1 (2025-01-15), K6; K1 bought again → 0.5
csv retention --as-of 2026-04-01
expect_out "2,1,0.5000,0.5000,2.00" "retention from orders"
# last 12 months: buyers K1–K4, K2 on three days; first-time K2, K3, K4 (K1 first bought in
# 2025-01); six purchases worth 1800 (the fully refunded one is not a purchase)
expect_out "repurchase rate,0.2500,1,4" "repurchase rate"
expect_out "second-purchase rate,0.3333,1,3" "second-purchase rate"
expect_out "average order value,300.00,1800.00,6" "average order value"
csv loyalty --as-of 2026-04-01
expect_out "K2,李娜,yes" "K2 bought in January, February and March"
expect_out "K1,张伟,no" "K1 did not"
# Nine-factor index from the database, hand-computed for K2 over the five buyers (percentile
# ranks r/4): A11 71 days → ¼, A12 3 purchases → 1, A13 3 − 0 → 1, A22 two categories → 1,
# A31 two referrals → 1, A32 no discounts (all tied) → ½; weights 1/9, 1/9, 1/9, 1/6, 1/12,
# 1/12 renormalised over 2/3 → 0.8125; behaviour (A1, A2) 0.4167/0.5 = 0.8333
csv loyalty --method index --as-of 2026-04-01
expect_out "K2,李娜,0.8125,0.8333,4.2500" "M10 index from orders, categories and referrals"
expect_out "K5,陈静,,," "no purchases: no index"
csv lifecycle --as-of 2026-04-01 --part customers
expect_out "K5,陈静,acquisition: prospect" "no orders: prospect"
run interaction add K5 channel=phone type=greeting direction=outbound "occurred_at=2026-03-01 10:00"
run interaction add K3 channel=phone type=complaint direction=inbound "occurred_at=2026-03-01 10:00"
csv lifecycle --as-of 2026-04-01 --part customers
expect_out "K5,陈静,acquisition: development" "an outbound call within 180 days: development"
csv lifecycle --as-of 2026-03-01 --part customers
expect_out "K5,陈静,acquisition: prospect" "an interaction on the --as-of day does not count yet"
expect_out "K6,杨磊,termination" "last order 669 days ago: termination"
expect_out "K4,刘洋,growth,growth,margin has covered the acquisition spend,1," "a refunded order is not a purchase"
# K1: P = 1000 − 400 = 600 a period, r = 0.5 measured, i = 9%, t = 0..5 → 1098.15
csv clv --method orders --as-of 2026-04-01 --part customers
expect_out "K1,张伟,600.00,1098.15" "CLV per customer with the measured retention"
printf 'customer,character,capacity,capital,collateral,conditions\nK2,90,80,70,60,50\n' >"$TEST_TMP/c.csv"
# K2 bought 100 + 200 + 200 in the 12 months: capacity 500/12 = 41.67 a month, B → limit 83.34
csv credit "$TEST_TMP/c.csv" --capacity-from-db --as-of 2026-04-01
expect_out "K2,90.00,80.00,70.00,60.00,50.00,75.00,B (good),credit sale; instalments (bank-mediated),41.67,83.34" "capacity from the database"
run analyze pareto --db "$TEST_TMP/none/x.db"
expect_status 1 "a database that does not exist"

finish
