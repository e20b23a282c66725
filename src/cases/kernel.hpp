// The unit-of-work names (work/) the case module uses unqualified.
#pragma once

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/outcome.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "work/topics.hpp"

namespace komek::cases {

using work::AccessRecord;
using work::Actor;
using work::AuditEntry;
using work::Clock;
using work::Done;
using work::Effect;
using work::IdempotencyRecord;
using work::IdSource;
using work::idempotent;
using work::Journal;
using work::kNoTerritory;
using work::OutboxMessage;
using work::RequestKey;
using work::check_request_key;
using work::subject_of;
using work::Topic;

}  // namespace komek::cases
