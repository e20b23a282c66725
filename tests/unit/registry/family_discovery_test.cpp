// Who is in an applicant's family as the registries tell it (the portal's pre-filled
// application, SPEC §4, 004 §7): the spouse of a marriage in force and alive, children alive
// and under 18 or studying full time up to 23, wards — against the synthetic registry.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/messages.hpp"
#include "registry/family_discovery.hpp"
#include "registry/snapshot.hpp"
#include "registry/synthetic.hpp"
#include "registry/to_family.hpp"
#include "rules/library.hpp"

namespace komek::registry {
namespace {

using rules::Relation;

const Date kToday = Date::from_ymd(2026, 2, 10);

// The default district (5,000 families, seed 1), generated once for this file's tests.
SyntheticRegistry& district() {
  static std::unique_ptr<SyntheticRegistry> r = SyntheticRegistry::create(SyntheticConfig{}).value();
  return *r;
}

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = [] {
    auto l = rules::Library::load(KOMEK_RULES_DIR);
    if (!l) throw std::runtime_error("rules: " + render(l.error(), Lang::kEn));
    return std::move(*l);
  }();
  return *lib;
}

std::vector<DiscoveredMember> discover(const Iin& applicant, Date on = kToday) {
  auto found = discover_family(district(), applicant, on);
  if (!found) throw std::runtime_error("discover_family: " + render(found.error(), Lang::kEn));
  return *found;
}

const DiscoveredMember* find(const std::vector<DiscoveredMember>& members, const Iin& iin) {
  auto it = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.iin == iin; });
  return it == members.end() ? nullptr : &*it;
}

bool listed(const SyntheticFamily& f, const Iin& iin) {
  return std::find(f.members.begin(), f.members.end(), iin) != f.members.end();
}

bool studies_on(const Iin& iin, Date on) {
  auto study = district().full_time_study(iin, on);
  if (!study || !study->found()) return false;
  return std::any_of(study->value().begin(), study->value().end(), [&](const StudyRecord& r) { return r.holds_on(on); });
}

TEST(FamilyDiscovery, FindsTheSpouseAndTheChildrenWithTheirRelations) {
  for (std::size_t i = 0; i < district().family_count(); ++i) {
    const SyntheticFamily f = district().family(i);
    const std::vector<DiscoveredMember> members = discover(f.members.front());
    const bool spouse = std::any_of(members.begin(), members.end(), [](const auto& m) { return m.relation == Relation::kSpouse; });
    const auto children = std::count_if(members.begin(), members.end(), [](const auto& m) { return m.relation == Relation::kChild; });
    if (!spouse || children < 2) continue;
    ASSERT_EQ(members[0], (DiscoveredMember{f.members.front(), Relation::kApplicant}));
    // The synthetic family lists the spouse second.
    ASSERT_EQ(members[1], (DiscoveredMember{f.members[1], Relation::kSpouse}));
    for (std::size_t k = 2; k < members.size(); ++k) {
      EXPECT_EQ(members[k].relation, Relation::kChild);
      EXPECT_TRUE(listed(f, members[k].iin)) << "family " << i;
      const auto person = district().person(members[k].iin);
      ASSERT_TRUE(person.has_value());
      const int years = age_on(person->birth_date, kToday);
      EXPECT_TRUE(years < 18 || (years <= 23 && studies_on(members[k].iin, kToday))) << "family " << i;
    }
    // What to_family() reads from the snapshot of these members agrees on every relation.
    std::vector<Iin> iins;
    for (const auto& m : members) iins.push_back(m.iin);
    const RegistrySnapshot s = query_all(district(), iins, kToday);
    const rules::Family family = to_family(s, library().vocabulary(), f.territory).value();
    for (std::size_t k = 0; k < members.size(); ++k) EXPECT_EQ(family.members[k].relation, members[k].relation);
    return;
  }
  FAIL() << "no couple with two children in 5,000 families";
}

// Over the district: everyone found is of the listed family, and every minor listed is found
// when the systems asked have data on the applicant.
TEST(FamilyDiscovery, FindsOnlyTheFamilyAndEveryMinorOfIt) {
  int minors_found = 0;
  for (std::size_t i = 0; i < 1500; ++i) {
    const SyntheticFamily f = district().family(i);
    const Iin& applicant = f.members.front();
    if (!district().identity(applicant, kToday)->found()) {
      EXPECT_EQ(discover_family(district(), applicant, kToday).error().message_key, "registry.applicant_unknown");
      continue;
    }
    const std::vector<DiscoveredMember> members = discover(applicant);
    for (const auto& m : members) EXPECT_TRUE(listed(f, m.iin)) << "family " << i << " " << m.iin.masked();
    const bool asked = district().children(applicant, kToday)->found() && district().adoptions(applicant, kToday)->found() &&
                       district().guardianships(applicant, kToday)->found();
    if (!asked) continue;
    for (std::size_t k = 1; k < f.members.size(); ++k) {
      const auto person = district().person(f.members[k]);
      ASSERT_TRUE(person.has_value());
      if (age_on(person->birth_date, kToday) >= 18) continue;
      EXPECT_NE(find(members, f.members[k]), nullptr) << "family " << i << " member " << k;
      ++minors_found;
    }
  }
  EXPECT_GT(minors_found, 500);
}

TEST(FamilyDiscovery, ADivorcedSpouseIsNotFamily) {
  for (std::size_t i = 0; i < district().family_count(); ++i) {
    const Iin applicant = district().family(i).members.front();
    auto events = district().marital_events(applicant, kToday);
    if (!events->found()) continue;
    for (const MaritalEvent& e : events->value()) {
      if (e.kind != MaritalEventKind::kDivorce) continue;
      const std::vector<DiscoveredMember> members = discover(applicant);
      EXPECT_EQ(find(members, e.spouse), nullptr);
      // On a day between the wedding and the divorce, the same person was the spouse.
      const Date married = std::find_if(events->value().begin(), events->value().end(), [&](const MaritalEvent& m) {
                             return m.kind == MaritalEventKind::kMarriage && m.spouse == e.spouse;
                           })->date;
      if (e.date - married < 2) continue;
      const std::vector<DiscoveredMember> then = discover(applicant, married.plus_days(1));
      const DiscoveredMember* was = find(then, e.spouse);
      ASSERT_NE(was, nullptr);
      EXPECT_EQ(was->relation, Relation::kSpouse);
      return;
    }
  }
  FAIL() << "no divorce in 5,000 families";
}

TEST(FamilyDiscovery, ASpouseWhoDiedIsNotFamily) {
  for (std::size_t i = 0; i < district().family_count(); ++i) {
    const Iin applicant = district().family(i).members.front();
    auto events = district().marital_events(applicant, kToday);
    if (!events->found() || events->value().empty()) continue;
    const MaritalEvent& last = events->value().back();
    if (last.kind != MaritalEventKind::kMarriage) continue;
    auto id = district().identity(last.spouse, kToday);
    if (!id->found() || !id->value().death_date) continue;
    const std::vector<DiscoveredMember> members = discover(applicant);
    EXPECT_EQ(find(members, last.spouse), nullptr);
    EXPECT_TRUE(std::none_of(members.begin(), members.end(), [](const auto& m) { return m.relation == Relation::kSpouse; }));
    return;
  }
  FAIL() << "no widowhood in 5,000 families";
}

TEST(FamilyDiscovery, AChildWhoDiedIsNotFamily) {
  for (std::size_t i = 0; i < district().family_count(); ++i) {
    const Iin applicant = district().family(i).members.front();
    auto children = district().children(applicant, kToday);
    if (!children->found()) continue;
    for (const ChildRecord& c : children->value()) {
      if (!c.death_date) continue;
      const std::vector<DiscoveredMember> members = discover(applicant);
      EXPECT_EQ(find(members, c.child), nullptr);
      // Before the death, a child under 18 was family.
      if (c.death_date->plus_days(-1) >= c.birth_date && age_on(c.birth_date, c.death_date->plus_days(-1)) < 18) {
        const std::vector<DiscoveredMember> before = discover(applicant, c.death_date->plus_days(-1));
        const DiscoveredMember* was = find(before, c.child);
        ASSERT_NE(was, nullptr);
        EXPECT_EQ(was->relation, Relation::kChild);
      }
      return;
    }
  }
  FAIL() << "no child who died in 5,000 families";
}

TEST(FamilyDiscovery, AnAdultChildIsFamilyOnlyWhileStudyingUpTo23) {
  bool adult_not_studying = false;
  bool student = false;
  bool older = false;
  for (std::size_t i = 0; i < district().family_count() && !(adult_not_studying && student && older); ++i) {
    const Iin applicant = district().family(i).members.front();
    auto children = district().children(applicant, kToday);
    if (!children->found()) continue;
    std::optional<std::vector<DiscoveredMember>> members;
    for (const ChildRecord& c : children->value()) {
      if (c.death_date) continue;
      const int years = age_on(c.birth_date, kToday);
      if (years < 18) continue;
      if (!members) members = discover(applicant);
      const DiscoveredMember* m = find(*members, c.child);
      if (years > 23) {
        EXPECT_EQ(m, nullptr) << "family " << i;
        older = true;
      } else if (studies_on(c.child, kToday)) {
        ASSERT_NE(m, nullptr) << "family " << i;
        EXPECT_EQ(m->relation, Relation::kChild);
        student = true;
      } else {
        EXPECT_EQ(m, nullptr) << "family " << i;
        adult_not_studying = true;
      }
    }
  }
  EXPECT_TRUE(adult_not_studying);
  EXPECT_TRUE(student);
  EXPECT_TRUE(older);
}

TEST(FamilyDiscovery, AWardUnderGuardianshipIsAnotherRelative) {
  for (std::size_t i = 0; i < district().family_count(); ++i) {
    const Iin applicant = district().family(i).members.front();
    auto wards = district().guardianships(applicant, kToday);
    if (!wards->found() || wards->value().empty()) continue;
    const GuardianshipRecord& g = wards->value().front();
    if (g.since > kToday || (g.until && *g.until < kToday)) continue;
    const std::vector<DiscoveredMember> members = discover(applicant);
    const DiscoveredMember* m = find(members, g.ward);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->relation, Relation::kOther);
    // Before the guardianship began, the child was not the applicant's family.
    const std::vector<DiscoveredMember> before = discover(applicant, g.since.plus_days(-1));
    EXPECT_EQ(find(before, g.ward), nullptr);
    return;
  }
  FAIL() << "no guardianship in 5,000 families";
}

TEST(FamilyDiscovery, AnApplicantTheRegistriesDoNotKnowIsAnError) {
  const Iin stranger = Iin::make(Date::from_ymd(1905, 1, 1), Sex::kMale, 0);
  auto found = discover_family(district(), stranger, kToday);
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(found.error().message_key, "registry.applicant_unknown");
  for (Lang lang : {Lang::kKk, Lang::kRu, Lang::kEn}) {
    const std::string text = render(found.error(), lang);
    EXPECT_NE(text.find(stranger.masked()), std::string::npos) << text;
    EXPECT_EQ(text.find('{'), std::string::npos) << text;
  }
}

TEST(FamilyDiscovery, ASystemThatDoesNotAnswerIsAnError) {
  SyntheticConfig config;
  config.families = 10;
  config.unavailable = {QueryKind::kMarriage};
  auto r = SyntheticRegistry::create(config).value();
  auto found = discover_family(*r, r->family(0).members.front(), kToday);
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(found.error().message_key, "registry.unavailable");
}

}  // namespace
}  // namespace komek::registry
