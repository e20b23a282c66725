// The law's periods are data: a copy of the rules directory with one period edited, loaded
// without a rebuild, moves the deadlines the workflow and the complaint procedure count — the
// national procedure's value for every pack, a pack's own `periods:` for that pack only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cases/complaint.hpp"
#include "cases/workflow.hpp"
#include "core/messages.hpp"
#include "rules/library.hpp"

namespace komek::cases {
namespace {

namespace fs = std::filesystem;

Date d(const char* s) {
  return Date::parse(s).value();
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::runtime_error("test setup: no '" + from + "'");
  return text.replace(pos, from.size(), to);
}

// The shipped rules directory copied to a directory of this test's own.
class EditedRules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-periods-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(KOMEK_RULES_DIR, dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void edit(const std::string& file, const std::string& from, const std::string& to) {
    write(dir_ / file, replaced(read(dir_ / file), from, to));
  }
  std::unique_ptr<rules::Library> load() {
    auto lib = rules::Library::load(dir_);
    if (!lib) throw std::runtime_error(render(lib.error(), Lang::kEn));
    return std::move(*lib);
  }

  fs::path dir_;
};

Case decided(const std::string& pack) {
  Case c;
  c.id = "c1";
  c.number = "3348-2026-000001";
  c.pack_id = pack;
  c.state = CaseState::kRefused;
  c.registered_on = d("2026-03-16");
  Decision dec;
  dec.on = d("2026-03-30");
  dec.form = "6";
  c.decision = dec;
  return c;
}

ComplaintFiling filing() {
  ComplaintFiling f;
  f.against = "decision";
  f.channel = "in_writing";
  f.text = "The income was counted twice";
  f.complainant_iin = "900101300811";
  return f;
}

TEST_F(EditedRules, TheComplaintAnswerPeriodMovesWithTheNationalData) {
  const auto shipped = load();
  const Workflow before(shipped->calendar(), *shipped);
  const Case c = decided("kz-tsa");
  // Wednesday 1 April 2026: 5 working days end on Wednesday 8 April.
  const Complaint k5 =
      register_complaint(c, {}, filing(), "k1", d("2026-04-01"), before.periods_for(c)).value();
  EXPECT_EQ(k5.answer_due, d("2026-04-08"));

  edit("procedure/kz.yaml", "    working_days: 5\n    counted_from: complaint_registered\n",
       "    working_days: 7\n    counted_from: complaint_registered\n");
  const auto edited = load();
  const Workflow after(edited->calendar(), *edited);
  const Complaint k7 =
      register_complaint(c, {}, filing(), "k1", d("2026-04-01"), after.periods_for(c)).value();
  EXPECT_EQ(k7.answer_due, d("2026-04-10"));
  EXPECT_EQ(k7.answer_due, edited->calendar().add_working_days(d("2026-04-01"), 7).value());
  EXPECT_EQ(k7.forward_due, k5.forward_due);  // the other periods stay
}

TEST_F(EditedRules, TheHearingPeriodsAndTheirClauseComeFromTheData) {
  edit("procedure/kz.yaml",
       "    working_days: 2\n    counted_from: hearing_notified\n    cites: \"001 §18\"\n",
       "    working_days: 4\n    counted_from: hearing_notified\n    cites: \"001 §18 (edited)\"\n");
  const auto edited = load();
  const Workflow w(edited->calendar(), *edited);
  Case c = decided("koksu-local");
  c.state = CaseState::kReadyForDecision;
  c.decision.reset();
  c.programmes = {"disaster_help"};
  c.evaluation_json = R"({"programmes": [{"id": "disaster_help", "in_force": true, "eligible": false,
    "refusal_reasons": [{"id": "unreliable_information", "cites": "001 §20.1"}]}]})";
  std::vector<Event> ev;
  ASSERT_TRUE(w.notify_hearing(c, d("2026-04-01"), d("2026-04-06"), ev).has_value());
  EXPECT_EQ(c.hearing->objection_due, d("2026-04-07"));  // 4 working days, not 2
  EXPECT_EQ(c.deadline("objection")->cites, "001 §18 (edited)");
}

TEST_F(EditedRules, APacksOwnPeriodAppliesToItsCasesOnly) {
  edit("packs/koksu-local.yaml", "\nvalues:\n",
       "\nperiods:\n  - id: event_report\n    working_days: 15\n    cites: \"001 §22 (test)\"\n\nvalues:\n");
  const auto edited = load();
  const Workflow w(edited->calendar(), *edited);
  const auto koksu = w.periods_for(decided("koksu-local"));
  const auto tsa = w.periods_for(decided("kz-tsa"));
  EXPECT_EQ(koksu[rules::PeriodId::kEventReport].length, 15);
  EXPECT_EQ(koksu[rules::PeriodId::kEventReport].cites, "001 §22 (test)");
  EXPECT_EQ(tsa[rules::PeriodId::kEventReport].length, 10);
  EXPECT_EQ(koksu.due(rules::PeriodId::kEventReport, d("2026-04-01")).value(),
            edited->calendar().add_working_days(d("2026-04-01"), 15).value());
}

TEST_F(EditedRules, AMalformedPeriodStopsTheLibraryFromLoading) {
  edit("procedure/kz.yaml", "    working_days: 5\n    counted_from: complaint_registered\n",
       "    hours: 5\n    counted_from: complaint_registered\n");
  auto lib = rules::Library::load(dir_);
  ASSERT_FALSE(lib.has_value());
  EXPECT_EQ(lib.error().message_key, "data.invalid");
  EXPECT_NE(lib.error().param("file").find("procedure/kz.yaml"), std::string::npos);
  EXPECT_NE(lib.error().param("what").find("not in hours"), std::string::npos) << lib.error().param("what");
}

}  // namespace
}  // namespace komek::cases
