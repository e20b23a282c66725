// Who is acting, and the ports every use case takes its time and its random ids from (STYLE
// card 7): the domain never reads a clock or a random source of its own.
//
//   Actor officer{"officer1", "officer", "3348", "", "10.0.0.7"};   // Koksu district's prefix
//   officer.covers(*Kato::parse("334830100"))   // true: inside its territory
//   officer.narrowed("334830")                  // "334830": a narrower filter it asked for
//   officer.narrowed("15")                      // "3348": never wider than its own scope
#pragma once

#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/territory.hpp"

namespace komek::work {

// The territory prefix of an actor that acts for itself (applicants, third parties): no KATO
// code starts with it, so a territory filter built from it matches nothing (fail closed).
inline constexpr std::string_view kNoTerritory = "-";

// Who is acting, as the API (or the CLI) established it.
struct Actor {
  std::string login;
  std::string role;
  // The KATO prefix of the actor's Scope (core/territory.hpp): "3348" a district, "33" a
  // region, "" the whole country (an explicit grant); kNoTerritory for those who act for
  // themselves and see their own records by their IIN.
  std::string territory;
  std::string iin;         // applicants and third parties: their own
  std::string client;      // client address, for the access log

  [[nodiscard]] bool is_applicant() const { return role == "applicant"; }
  // The territory scope rule, in one place: whether a record of `territory` lies inside the
  // actor's scope. A prefix that is not a Scope covers nothing.
  [[nodiscard]] bool covers(const Kato& record_territory) const;
  [[nodiscard]] bool covers(std::string_view kato_code) const;
  // The prefix a list of the actor's runs with: the one asked for when it lies inside the
  // actor's scope, the actor's own otherwise.
  [[nodiscard]] std::string narrowed(std::string_view asked_prefix) const;
  // Whether the actor may see a record of `territory` about the person `subject_iin`:
  // applicants (and third parties) their own, staff within their scope.
  [[nodiscard]] bool may_see(const Kato& territory, const std::string& subject_iin) const;
};

// Today's time for the domain: injected, so tests control it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual LocalDateTime now_local() = 0;   // Asia/Almaty wall clock
};

class IdSource {
 public:
  virtual ~IdSource() = default;
  virtual std::string new_id() = 0;
};

}  // namespace komek::work
