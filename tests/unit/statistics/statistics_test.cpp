// The statistics bureau's regional figures (issue 16 item 1): the checks of one figure and of
// a CSV file (pure), the store and service on the real database — SQLite, and PostgreSQL when
// KOMEK_TEST_PG names a server — and a TSA case in Koksu (region 33) that waits for the
// figures, is named in the warning before it is stuck, and is decided once they are entered.
//
// Expected values are worked from the law: the poverty line from 1 January 2025 is
// "max(35% of the regional median income, 70% of the regional ПМ), both for the quarter
// before the application quarter" (FACTS §2; order No 473 of 20.12.2024); per-capita income
// is the family's income of the quarter before ÷ members ÷ 3 (FACTS §2, Social Code art. 127
// p. 2); the amount is (poverty line − per-capita income) × members per month (FACTS §2).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cases/service.hpp"
#include "core/messages.hpp"
#include "rules/evaluate.hpp"
#include "statistics/figures.hpp"
#include "statistics/service.hpp"
#include "store/case_store.hpp"
#include "store/statistics_store.hpp"
#include "support/store_harness.hpp"

namespace komek {
namespace {

using json = nlohmann::json;
using statistics::FigureInput;

const Date kToday = Date::from_ymd(2026, 10, 15);

// ---- one figure ---------------------------------------------------------------------------

TEST(Figures, AFigureIsCheckedFieldByField) {
  const MoneyCeilings ceilings;
  auto ok = statistics::check_figure({"subsistence_minimum", "33", "2025-08", "59115", "БНС via lada.kz", "2025-08-31"},
                                     kToday, ceilings);
  ASSERT_TRUE(ok) << render(ok.error(), Lang::kEn);
  EXPECT_EQ(ok->region, 33);
  EXPECT_EQ(ok->period(), "2025-08");
  EXPECT_EQ(ok->quarter.iso(), "2025-Q3");
  EXPECT_EQ(ok->value.tiyn(), 5'911'500);

  const auto field_of = [&](FigureInput in) {
    auto r = statistics::check_figure(in, kToday, ceilings);
    return r ? std::string("ok") : r.error().field + " " + r.error().message_key;
  };
  EXPECT_EQ(field_of({"poverty", "33", "2026-Q3", "1", "s", "2026-10-01"}), "series statistics.unknown_series");
  EXPECT_EQ(field_of({"median_income", "3", "2026-Q3", "1", "s", "2026-10-01"}), "region statistics.region");
  // 12 is not a region of Kazakhstan (STATISTICS.md §8).
  EXPECT_EQ(field_of({"median_income", "12", "2026-Q3", "1", "s", "2026-10-01"}), "region statistics.region");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q5", "1", "s", "2026-10-01"}), "period statistics.period");
  // Only the subsistence minimum is published per month.
  EXPECT_EQ(field_of({"median_income", "33", "2026-08", "1", "s", "2026-10-01"}), "period statistics.month_not_allowed");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "-5", "s", "2026-10-01"}), "value statistics.value");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1.234", "s", "2026-10-01"}), "value statistics.value");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "10000001", "s", "2026-10-01"}), "value money.above_ceiling");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1", "  ", "2026-10-01"}), "source statistics.source_missing");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1", std::string(501, 's'), "2026-10-01"}),
            "source statistics.source_too_long");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1", "s", "01.10.2026"}), "published_on statistics.published_on");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1", "s", "2026-10-16"}), "published_on statistics.published_in_future");
  // A figure of the third quarter cannot be out before the quarter began; a poverty line is
  // published ahead of the quarter it applies to.
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1", "s", "2026-06-30"}),
            "published_on statistics.published_before_period");
  EXPECT_EQ(field_of({"poverty_line", "33", "2026-Q4", "1", "s", "2026-09-30"}), "ok");
  EXPECT_EQ(field_of({"median_income", "33", "2026-Q3", "1", "a figure", "2026-10-01", true}), "source statistics.demo_unmarked");
}

// ---- CSV ----------------------------------------------------------------------------------

TEST(FiguresCsv, EveryLineIsReadWithQuotesSemicolonsAndAByteOrderMark) {
  const std::string csv =
      "\xEF\xBB\xBFseries;region;period;value;source;published_on\r\n"
      "subsistence_minimum;33;2025-08;59115;\"БНС; lada.kz 31.08.2025, «прожиточный минимум»\";2025-08-31\r\n"
      "\r\n"
      "median_income;33;2026-Q3;150000.50;\"bulletin \"\"Income\"\"\";2026-10-14\r\n";
  auto figures = statistics::read_figures_csv(csv, kToday, MoneyCeilings());
  ASSERT_TRUE(figures) << render(figures.error(), Lang::kEn);
  ASSERT_EQ(figures->size(), 2u);
  EXPECT_EQ((*figures)[0].source, "БНС; lada.kz 31.08.2025, «прожиточный минимум»");
  EXPECT_EQ((*figures)[1].value.tiyn(), 15'000'050);
  EXPECT_EQ((*figures)[1].source, "bulletin \"Income\"");
}

TEST(FiguresCsv, AnErrorNamesItsLineAndColumnInTheReadersLanguage) {
  const std::string header = "series,region,period,value,source,published_on\n";
  const std::string good = "subsistence_minimum,33,2025-08,59115,lada.kz,2025-08-31\n";
  auto bad_value = statistics::read_figures_csv(header + good + "median_income,33,2026-Q3,сто,x,2026-10-14\n", kToday, MoneyCeilings());
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().message_key, "statistics.csv_line");
  EXPECT_EQ(bad_value.error().param("line"), "3");
  EXPECT_EQ(bad_value.error().param("column"), "value");
  EXPECT_EQ(render(bad_value.error(), Lang::kEn),
            "Line 3, column 'value': 'сто' is not an amount: give a positive number of tenge with at most two decimals "
            "(e.g. 59115 or 59115.50)");
  EXPECT_NE(render(bad_value.error(), Lang::kKk).find("3-жол, «value» бағаны"), std::string::npos);

  auto missing_column = statistics::read_figures_csv("series,region,period,value,published_on\n" + good, kToday, MoneyCeilings());
  ASSERT_FALSE(missing_column);
  EXPECT_EQ(missing_column.error().message_key, "statistics.csv_header");
  EXPECT_EQ(missing_column.error().param("column"), "source");

  auto short_line = statistics::read_figures_csv(header + "median_income,33,2026-Q3,1\n", kToday, MoneyCeilings());
  ASSERT_FALSE(short_line);
  EXPECT_EQ(short_line.error().message_key, "statistics.csv_columns");
  EXPECT_EQ(short_line.error().param("line"), "2");

  auto twice = statistics::read_figures_csv(header + good + good, kToday, MoneyCeilings());
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message_key, "statistics.csv_duplicate");
  EXPECT_EQ(twice.error().param("first"), "2");

  auto open_quote = statistics::read_figures_csv(header + "median_income,33,2026-Q3,1,\"x,2026-10-14\n", kToday, MoneyCeilings());
  ASSERT_FALSE(open_quote);
  EXPECT_EQ(open_quote.error().message_key, "statistics.csv_quote");

  auto empty = statistics::read_figures_csv(header, kToday, MoneyCeilings());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message_key, "statistics.csv_empty");
}

// ---- the store, the service and the case that waits --------------------------------------

// A Koksu family of three (applicant, spouse, a child of 10) applying for TSA on 15 October
// 2026: the applicant earned 45 000 ₸ in each month of the quarter before (July-September).
cases::Intake koksu_tsa_intake() {
  cases::Intake in;
  in.pack_id = "kz-tsa";
  in.family_json = json{{"territory", "334820000"},
                        {"application_date", "2026-10-15"},
                        {"members", json::array({{{"iin", "900101300811"}, {"birth_date", "1990-01-01"}, {"relation", "applicant"},
                                                  {"incomes", json::array({{{"type", "wages"}, {"month", "2026-07"}, {"amount", "45000.00"}},
                                                                           {{"type", "wages"}, {"month", "2026-08"}, {"amount", "45000.00"}},
                                                                           {{"type", "wages"}, {"month", "2026-09"}, {"amount", "45000.00"}}})}},
                                                 {{"birth_date", "1992-03-01"}, {"relation", "spouse"}, {"sex", "female"}},
                                                 {{"birth_date", "2016-05-20"}, {"relation", "child"}}})}}
                       .dump();
  in.applicant_name = "Айгүл Сейітқызы";
  return in;
}

class StatisticsStoreTest : public test::StoreHarness {
 protected:
  StatisticsStoreTest() : StoreHarness("statistics") {}
  void SetUp() override {
    StoreHarness::SetUp();
    stats_store_ = store::make_statistics_store(*db_);
    stats_ = std::make_unique<statistics::StatisticsService>(*stats_store_, test::library(), clock_);
    cases_ = store::make_case_store(*db_);
    service_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, clock_, ids_, registry_, stats_.get());
  }
  int count(const std::string& sql) { return std::stoi(raw(sql)); }
  work::RequestKey key(const std::string& k) { return {k, k}; }

  // Carries the Koksu TSA application to the employment measures step, as an officer would.
  std::string case_at_employment() {
    auto made = service_->submit(officer_, key("submit"), koksu_tsa_intake());
    EXPECT_TRUE(made) << render(made.error(), Lang::kEn);
    const std::string id = made->value.id;
    EXPECT_TRUE(service_->accept(officer_, key("accept"), id));
    EXPECT_TRUE(service_->query_registry(officer_, key("registry"), id));
    auto step = [&](const char* name, const cases::CaseService::Command& cmd) {
      auto r = service_->apply(officer_, key(name), id, name, cmd);
      EXPECT_TRUE(r) << name << ": " << render(r.error(), Lang::kEn);
    };
    step("commission", [&](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
      return workflow_->refer_to_commission(c, "district", today, ev);
    });
    auto concluded = service_->apply(officer_, key("conclusion"), id, "conclusion",
                                     cases::CaseService::EvaluatingCommand([](const cases::Workflow& wf, cases::Case& c, Date today,
                                                                              std::vector<cases::Event>& ev) {
                                       return wf.record_conclusion(c, true, "checked", today, ev);
                                     }));
    EXPECT_TRUE(concluded) << render(concluded.error(), Lang::kEn);
    EXPECT_EQ(concluded->value.state, cases::CaseState::kEmploymentMeasures);
    return id;
  }
  Result<work::Done<cases::Case>> employment(const std::string& id, const std::string& k) {
    cases::EmploymentMeasures m;
    m.recommendations = "vocational training";
    m.contract_number = "SC-33-0001";
    m.plan = {"alm_vocational_training", "sa_phc_registration"};
    m.job_seekers = {"900101300811"};
    return service_->apply(officer_, key(k), id, "employment",
                           cases::CaseService::EvaluatingCommand([m](const cases::Workflow& wf, cases::Case& c, Date today,
                                                                     std::vector<cases::Event>& ev) {
                             return wf.record_employment(c, m, today, ev);
                           }));
  }

  test::SettableClock clock_{"2026-10-15T10:00"};
  test::CountingIds ids_{"s"};
  test::EchoRegistry registry_;
  work::Actor officer_{"officer1", "officer", "3348", "", "127.0.0.1"};
  std::unique_ptr<statistics::StatisticsStore> stats_store_;
  std::unique_ptr<statistics::StatisticsService> stats_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<cases::CaseService> service_;
};

TEST_P(StatisticsStoreTest, AFigureIsEnteredAndCorrectedEachInOneTransactionWithItsAuditRecord) {
  const FigureInput first{"subsistence_minimum", "33", "2026-Q3", "60000", "БНС bulletin 10/2026", "2026-10-10"};
  auto entered = stats_->enter(officer_, key("k1"), first);
  ASSERT_TRUE(entered) << render(entered.error(), Lang::kEn);
  EXPECT_EQ(entered->effect, work::Effect::kCreated);
  EXPECT_EQ(entered->value.entered_by, "officer1");
  EXPECT_FALSE(entered->value.entered_at.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM regional_figures"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'statistics.figure_entered'"), 1);

  // The same key and body answer the same again, writing nothing (R3).
  auto replay = stats_->enter(officer_, key("k1"), first);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->effect, work::Effect::kCreated);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'regional_figure'"), 1);

  // A correction replaces the value; its audit record keeps the one before.
  FigureInput corrected = first;
  corrected.value = "60500";
  auto again = stats_->enter(officer_, key("k2"), corrected);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->effect, work::Effect::kDone);
  EXPECT_EQ(again->value.value.tiyn(), 6'050'000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM regional_figures"), 1);
  const json before = json::parse(raw("SELECT before_json FROM audit_log WHERE action = 'statistics.figure_corrected'"));
  EXPECT_EQ(before["value_tiyn"], 6'000'000);

  // A district officer of another region may not enter region 33's figures.
  const work::Actor aktobe{"officer15", "officer", "1510", "", "127.0.0.1"};
  auto outside = stats_->enter(aktobe, key("k3"), first);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code, ErrorCode::kForbidden);
}

TEST_P(StatisticsStoreTest, AnImportWritesEveryLineOrNone) {
  const std::string header = "series,region,period,value,source,published_on\n";
  const std::string good = header +
                           "subsistence_minimum,33,2026-Q3,60000,БНС bulletin,2026-10-10\n"
                           "median_income,33,2026-Q3,150000,БНС bulletin,2026-10-12\n";
  // Line 4 is bad: nothing of lines 2 and 3 is written.
  auto refused = stats_->import_csv(officer_, key("i1"), good + "poverty_line,33,2026-Q4,abc,x,2026-10-01\n");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().param("line"), "4");
  EXPECT_EQ(count("SELECT COUNT(*) FROM regional_figures"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'regional_figure'"), 0);

  auto imported = stats_->import_csv(officer_, key("i2"), good);
  ASSERT_TRUE(imported) << render(imported.error(), Lang::kEn);
  EXPECT_EQ(imported->value.entered, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM regional_figures"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'statistics.figure_entered'"), 2);

  // The same file again changes nothing.
  auto unchanged = stats_->import_csv(officer_, key("i3"), good);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->value.unchanged, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'regional_figure'"), 2);
}

TEST_P(StatisticsStoreTest, EnteredFiguresAreLaidOverTheShippedOnes) {
  // Shipped (rules/parameters/regional.yaml): Zhetisu's August and September 2025 (59 115 and
  // 59 725 ₸, STATISTICS.md §1a); July 2025 is not published, so 2025-Q3 is unknown.
  auto shipped = stats_->for_region(33);
  ASSERT_TRUE(shipped);
  EXPECT_FALSE(shipped->regional("subsistence_minimum", 33, Quarter::parse("2025-Q3").value()));

  // With July entered, the quarter is the mean of its months, rounded half up to a tiyn:
  // (58 000 + 59 115 + 59 725) / 3 = 58 946.666… → 58 946,67 ₸.
  ASSERT_TRUE(stats_->enter(officer_, key("jul"), {"subsistence_minimum", "33", "2025-07", "58000", "БНС", "2025-07-31"}));
  auto with_july = stats_->for_region(33);
  ASSERT_TRUE(with_july);
  auto q3 = with_july->regional("subsistence_minimum", 33, Quarter::parse("2025-Q3").value());
  ASSERT_TRUE(q3) << render(q3.error(), Lang::kEn);
  EXPECT_EQ(q3->money.tiyn(), 5'894'667);
  EXPECT_NE(q3->source.find("2025-08 59115.00"), std::string::npos) << q3->source;

  // The bureau's own quarterly figure replaces the mean.
  ASSERT_TRUE(stats_->enter(officer_, key("q3"), {"subsistence_minimum", "33", "2025-Q3", "58950", "БНС quarterly", "2025-10-20"}));
  auto with_quarter = stats_->for_region(33);
  EXPECT_EQ(with_quarter->regional("subsistence_minimum", 33, Quarter::parse("2025-Q3").value())->money.tiyn(), 5'895'000);

  // An entered figure replaces a shipped one of the same key; the list says so.
  ASSERT_TRUE(stats_->enter(officer_, key("aug"), {"subsistence_minimum", "33", "2025-08", "59116", "БНС revised", "2025-09-30"}));
  auto rows = stats_->list(33);
  ASSERT_TRUE(rows);
  int replaced = 0;
  for (const auto& r : *rows)
    if (r.shipped && r.figure.period() == "2025-08") replaced += r.replaced ? 1 : 0;
  EXPECT_EQ(replaced, 1);
}

TEST_P(StatisticsStoreTest, ATsaCaseInKoksuIsNamedInTheWarningAndDecidedOnceTheFiguresAreEntered) {
  const std::string id = case_at_employment();

  // Before the case is stuck, the warning names what it will need: the poverty line for
  // 2026-Q4 rests on region 33's figures of 2026-Q3 (FACTS §2, order No 473).
  auto wanted = service_->figures_wanted(officer_);
  ASSERT_TRUE(wanted) << render(wanted.error(), Lang::kEn);
  ASSERT_EQ(wanted->wanted.size(), 1u);
  EXPECT_EQ(wanted->wanted[0].region, 33);
  EXPECT_EQ(wanted->wanted[0].quarter.iso(), "2026-Q3");
  EXPECT_EQ(wanted->wanted[0].series, (std::vector<std::string>{"subsistence_minimum", "median_income"}));
  EXPECT_EQ(wanted->wanted[0].cases, 1u);
  EXPECT_EQ(service_->figures_wanted(officer_, id)->wanted.size(), 1u);

  // Without them the rules cannot decide, and say which figure is missing.
  auto stuck = employment(id, "emp1");
  ASSERT_FALSE(stuck);
  EXPECT_EQ(stuck.error().message_key, "param.unknown_regional");
  EXPECT_EQ(stuck.error().param("name"), "subsistence_minimum");
  EXPECT_EQ(stuck.error().param("quarter"), "2026-Q3");

  // The subsistence minimum alone is not enough: from 2025 the median income is needed too.
  ASSERT_TRUE(stats_->enter(officer_, key("pm"), {"subsistence_minimum", "33", "2026-Q3", "60000", "БНС bulletin", "2026-10-10"}));
  auto half = service_->figures_wanted(officer_);
  ASSERT_EQ(half->wanted.size(), 1u);
  EXPECT_EQ(half->wanted[0].series, (std::vector<std::string>{"median_income"}));

  ASSERT_TRUE(stats_->enter(officer_, key("md"), {"median_income", "33", "2026-Q3", "150000", "БНС bulletin", "2026-10-12"}));
  EXPECT_TRUE(service_->figures_wanted(officer_)->wanted.empty());

  auto ready = employment(id, "emp2");
  ASSERT_TRUE(ready) << render(ready.error(), Lang::kEn);
  auto decided = service_->apply(officer_, key("decide"), id, "decide",
                                 cases::CaseService::EvaluatingCommand([](const cases::Workflow& wf, cases::Case& c, Date today,
                                                                          std::vector<cases::Event>& ev) {
                                   return wf.decide(c, today, "officer1", ev);
                                 }));
  ASSERT_TRUE(decided) << render(decided.error(), Lang::kEn);
  ASSERT_EQ(decided->value.state, cases::CaseState::kGranted);
  // Poverty line = max(35% × 150 000 = 52 500; 70% × 60 000 = 42 000) = 52 500 ₸.
  // Per-capita income = 3 × 45 000 / 3 members / 3 months = 15 000 ₸.
  // TSA = (52 500 − 15 000) × 3 members = 112 500 ₸ a month (FACTS §2).
  const cases::Decision& d = *decided->value.decision;
  bool found = false;
  for (const auto& p : d.programmes)
    if (p.granted && p.amount_per_payment.tiyn() == 11'250'000) found = true;
  EXPECT_TRUE(found) << json::parse(decided->value.evaluation_json).dump(1);
  // The explanation names the figures' sources.
  EXPECT_NE(decided->value.evaluation_json.find("median income 2026-Q3: БНС bulletin (published 2026-10-12)"), std::string::npos);
}

TEST_P(StatisticsStoreTest, DemoFiguresAreMarkedInTheExplanation) {
  const std::string id = case_at_employment();
  const std::string mark(statistics::kDemoMark);
  ASSERT_TRUE(stats_->enter(officer_, key("pm"),
                            {"subsistence_minimum", "33", "2026-Q3", "59725", mark + ": stands in", "2026-10-01", true}));
  ASSERT_TRUE(stats_->enter(officer_, key("md"),
                            {"median_income", "33", "2026-Q3", "63000", mark + ": stands in", "2026-10-01", true}));
  auto ready = employment(id, "emp");
  ASSERT_TRUE(ready) << render(ready.error(), Lang::kEn);
  const json ev = json::parse(ready->value.evaluation_json);
  bool demo = false;
  for (const auto& p : ev["programmes"])
    for (const auto& s : p.value("trace", json::array()))
      if (s["rule"] == "tsa.poverty_line") demo = s["values"].value("demo", "") == "true" &&
                                                  s["values"]["source"].get<std::string>().find(mark) != std::string::npos;
  EXPECT_TRUE(demo) << ev.dump(1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StatisticsStoreTest, ::testing::ValuesIn(test::backends()), test::backend_name);

}  // namespace
}  // namespace komek
