// Runs every scenario file under tests/scenario/ (docs/scenarios.md): a family, a date and a
// pack, with the outcome a lawyer expects and the clauses that outcome must cite.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/messages.hpp"
#include "rules/evaluate.hpp"
#include "rules/library.hpp"
#include "rules/messages.hpp"

namespace komek::rules {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

Library& library() {
  static std::unique_ptr<Library> lib = [] {
    auto l = Library::load(KOMEK_RULES_DIR);
    if (!l) throw std::runtime_error("rules library: " + render(l.error(), Lang::kEn));
    return std::move(*l);
  }();
  return *lib;
}

// YAML family → the JSON the reader takes. Unquoted true/false become booleans and the
// fact's member index an integer; everything else stays a string (amounts stay exact).
json to_json(const YAML::Node& node, const std::string& key = "") {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = to_json(kv.second, kv.first.Scalar());
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(to_json(item, key));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      // `!!int 60000` or `!!float 1.5` writes a JSON number (to test that the reader refuses one).
      if (node.Tag() == "tag:yaml.org,2002:int") return std::stoll(s);
      if (node.Tag() == "tag:yaml.org,2002:float") return std::stod(s);
      if (node.Tag() != "!") {
        if (s == "true" || s == "false") return s == "true";
        if (key == "member") return std::stoi(s);
      }
      return s;
    }
    default:
      return nullptr;
  }
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(KOMEK_SCENARIO_DIR))
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

Money tenge(const YAML::Node& n) {
  auto m = Money::parse(n.Scalar());
  if (!m) throw std::runtime_error("bad amount in scenario: " + n.Scalar());
  return *m;
}

bool trace_cites(const ProgrammeOutcome& o, const Evaluation& ev, const std::string& clause) {
  auto in = [&](const Trace& t) {
    for (const auto& s : t)
      if (s.cites.find(clause) != std::string::npos) return true;
    return false;
  };
  for (const auto& r : o.refusals)
    if (r.cites.find(clause) != std::string::npos) return true;
  return in(o.trace) || in(ev.trace);
}

class Scenario : public ::testing::TestWithParam<std::string> {};

TEST_P(Scenario, HoldsAsTheLawSays) {
  const fs::path file = fs::path(KOMEK_SCENARIO_DIR) / GetParam();
  YAML::Node doc = YAML::LoadFile(file.string());
  ASSERT_TRUE(doc["name"]) << "a scenario needs a name";
  ASSERT_TRUE(doc["covers"] && doc["covers"].size() > 0) << "a scenario lists the clauses it covers";
  SCOPED_TRACE(doc["name"].Scalar());
  Library& lib = library();
  auto pack = lib.pack(doc["pack"].Scalar());
  ASSERT_TRUE(pack.has_value()) << render(pack.error(), Lang::kEn);
  ParameterSet parameters = lib.parameters();  // a copy: overrides stay in this scenario
  if (doc["set"])
    for (const auto& kv : doc["set"]) {
      auto ok = set_override(parameters, **pack, kv.first.Scalar() + "=" + kv.second.Scalar());
      ASSERT_TRUE(ok.has_value()) << render(ok.error(), Lang::kEn);
    }

  if (doc["termination"]) {
    const YAML::Node t = doc["termination"];
    const Programme* p = (*pack)->programme(t["programme"].Scalar());
    ASSERT_NE(p, nullptr) << t["programme"].Scalar();
    auto result = termination_for(**pack, *p, t["event"].Scalar(), Date::parse(t["date"].Scalar()).value());
    const YAML::Node e = t["expect"];
    if (e["error"]) {
      ASSERT_FALSE(result.has_value());
      EXPECT_EQ(result.error().message_key, e["error"].Scalar());
      return;
    }
    ASSERT_TRUE(result.has_value()) << render(result.error(), Lang::kEn);
    EXPECT_EQ(result->terminates, e["terminates"].as<bool>());
    if (e["payment_stops"]) {
      ASSERT_TRUE(result->payment_stops.has_value());
      EXPECT_EQ(result->payment_stops->iso(), e["payment_stops"].Scalar());
    }
    if (e["cites"]) { EXPECT_NE(result->cites.find(e["cites"].Scalar()), std::string::npos) << result->cites; }
    return;
  }

  const std::string family_text = to_json(doc["family"]).dump();
  auto family = read_family_json(family_text, lib.vocabulary(), file.string());
  const YAML::Node expect = doc["expect"];
  if (expect["family_error"]) {
    ASSERT_FALSE(family.has_value()) << "the family was expected to be refused";
    EXPECT_EQ(family.error().message_key, expect["family_error"]["key"].Scalar());
    if (expect["family_error"]["field"]) { EXPECT_EQ(family.error().field, expect["family_error"]["field"].Scalar()); }
    return;
  }
  ASSERT_TRUE(family.has_value()) << render(family.error(), Lang::kEn) << " at " << family.error().field;
  const Date date = doc["date"] ? Date::parse(doc["date"].Scalar()).value() : family->application_date;
  EvaluationInput input{**pack, parameters, lib.income_rules(), *family, date, &lib.calendar(), true};
  auto ev = evaluate(input);
  if (expect["error"]) {
    ASSERT_FALSE(ev.has_value()) << "the evaluation was expected to fail";
    EXPECT_EQ(ev.error().message_key, expect["error"].Scalar());
    return;
  }
  ASSERT_TRUE(ev.has_value()) << render(ev.error(), Lang::kEn) << " at " << ev.error().field;
  if (const YAML::Node inc = expect["income"]) {
    ASSERT_TRUE(ev->income.has_value());
    if (inc["per_capita_monthly"]) { EXPECT_EQ(ev->income->per_capita_monthly, tenge(inc["per_capita_monthly"])); }
    if (inc["counted"]) { EXPECT_EQ(ev->income->counted_total, tenge(inc["counted"])); }
    if (inc["excluded"]) { EXPECT_EQ(ev->income->excluded_total, tenge(inc["excluded"])); }
  }
  ASSERT_TRUE(expect["programmes"]) << "expect.programmes is required";
  for (const auto& kv : expect["programmes"]) {
    const std::string id = kv.first.Scalar();
    const YAML::Node e = kv.second;
    const ProgrammeOutcome* o = nullptr;
    for (const auto& x : ev->programmes)
      if (x.programme->id == id) o = &x;
    ASSERT_NE(o, nullptr) << "no programme " << id;
    SCOPED_TRACE("programme " + id);
    std::string trace_text;
    for (const auto& s : o->trace) trace_text += "  " + render_step(s, Lang::kEn) + " [" + s.cites + "]\n";
    if (e["decided"]) { EXPECT_EQ(o->decided, e["decided"].as<bool>()) << trace_text; }
    if (e["error"]) {
      ASSERT_TRUE(o->error.has_value()) << trace_text;
      EXPECT_EQ(o->error->message_key, e["error"].Scalar());
    }
    if (e["in_force"]) { EXPECT_EQ(o->in_force, e["in_force"].as<bool>()); }
    if (e["eligible"]) { EXPECT_EQ(o->eligible, e["eligible"].as<bool>()) << trace_text; }
    if (e["amount_per_recipient"]) { EXPECT_EQ(o->amount_per_recipient, tenge(e["amount_per_recipient"])) << trace_text; }
    if (e["amount_per_payment"]) { EXPECT_EQ(o->amount_per_payment, tenge(e["amount_per_payment"])) << trace_text; }
    if (e["payments"]) { EXPECT_EQ(o->payments, e["payments"].as<int>()) << trace_text; }
    if (e["amount_per_period"]) { EXPECT_EQ(o->amount_per_period, tenge(e["amount_per_period"])) << trace_text; }
    if (e["recipients"]) {
      std::vector<int> want;
      for (const auto& r : e["recipients"]) want.push_back(r.as<int>());
      EXPECT_EQ(o->recipients, want) << trace_text;
    }
    if (e["tsa_type"]) {
      ASSERT_TRUE(o->tsa_type.has_value()) << trace_text;
      EXPECT_EQ(tsa_type_name(*o->tsa_type), e["tsa_type"].Scalar()) << trace_text;
    }
    if (e["period"]) {
      ASSERT_TRUE(o->period.has_value());
      EXPECT_EQ(o->period->from().iso(), e["period"]["from"].Scalar());
      EXPECT_EQ(o->period->to().iso(), e["period"]["to"].Scalar());
    }
    if (e["payment_date"]) {
      ASSERT_TRUE(o->payment_date.has_value());
      EXPECT_EQ(o->payment_date->iso(), e["payment_date"].Scalar());
    }
    if (e["decision_due"]) {
      ASSERT_TRUE(o->decision_due.has_value());
      EXPECT_EQ(o->decision_due->iso(), e["decision_due"].Scalar());
    }
    if (e["refusals"]) {
      std::vector<std::string> want, got;
      for (const auto& r : e["refusals"]) want.push_back(r.Scalar());
      for (const auto& r : o->refusals) got.push_back(r.id);
      EXPECT_EQ(got, want) << trace_text;
    }
    if (e["ban_until"]) {
      ASSERT_FALSE(o->refusals.empty());
      ASSERT_TRUE(o->refusals[0].ban_until.has_value());
      EXPECT_EQ(o->refusals[0].ban_until->iso(), e["ban_until"].Scalar());
    }
    if (e["cites"])
      for (const auto& c : e["cites"]) { EXPECT_TRUE(trace_cites(*o, *ev, c.Scalar())) << "does not cite " << c.Scalar() << "\n" << trace_text; }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, Scenario, ::testing::ValuesIn(scenario_files()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param.substr(0, param_info.param.size() - 5);
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace komek::rules
