#include "core/messages.hpp"

#include <algorithm>
#include <mutex>

namespace komek {

const std::vector<MessageEntry>& message_catalogue() {
  // Keep keys sorted by module. A test checks that every entry has all three languages and
  // the same placeholders in each.
  static const std::vector<MessageEntry> kCatalogue = {
      // --- IIN (FACTS §3)
      {"iin.length",
       "ЖСН 12 цифрдан тұруы керек, {length} таңба берілді",
       "ИИН должен состоять из 12 цифр, получено символов: {length}",
       "An IIN has 12 digits; {length} characters were given"},
      {"iin.non_digit",
       "ЖСН тек цифрлардан тұруы керек: {position}-таңба цифр емес",
       "ИИН должен состоять только из цифр: символ {position} не цифра",
       "An IIN has only digits: character {position} is not a digit"},
      {"iin.placeholder",
       "000000000000 — бос орынды толтыратын сан, ЖСН емес",
       "000000000000 — заполнитель, а не ИИН",
       "000000000000 is a placeholder, not an IIN"},
      {"iin.checksum",
       "ЖСН бақылау цифры сәйкес келмейді",
       "Контрольная цифра ИИН не сходится",
       "The IIN check digit does not match"},
      // --- money
      {"money.empty",
       "Сома берілмеген",
       "Сумма не указана",
       "No amount was given"},
      {"money.format",
       "«{value}» сома емес: мысалы, 1234567,89 немесе 1 234 567,89",
       "«{value}» не является суммой: например, 1234567,89 или 1 234 567,89",
       "'{value}' is not an amount: write e.g. 1234567.89 or 1 234 567,89"},
      {"money.grouping",
       "«{value}»: мың бөлгіштері үш цифрлық топтардың арасында тұруы керек",
       "«{value}»: разделители тысяч должны стоять между группами из трёх цифр",
       "'{value}': thousands separators must stand between groups of three digits"},
      {"money.too_many_decimals",
       "«{value}»: тиыннан ұсақ бөлік болмайды (үтірден кейін ең көбі 2 цифр)",
       "«{value}»: долей тиына не бывает (не более 2 знаков после запятой)",
       "'{value}': there is no fraction of a tiyn (at most 2 decimals)"},
      {"money.overflow",
       "Сома тым үлкен",
       "Сумма слишком велика",
       "The amount is too large"},
      {"money.above_ceiling",
       "{field}: сома шектен асады (ең көбі {ceiling} ₸)",
       "{field}: сумма выше предела (не более {ceiling} ₸)",
       "{field}: the amount is above the ceiling (at most {ceiling} ₸)"},
      {"money.bad_ratio",
       "Бөлгіш оң сан болуы керек",
       "Делитель должен быть положительным",
       "The divisor must be positive"},
      {"rounding.unknown",
       "«{value}» дөңгелектеу тәсілі белгісіз (half_up, half_even, down, up)",
       "Неизвестный способ округления «{value}» (half_up, half_even, down, up)",
       "Unknown rounding '{value}' (half_up, half_even, down, up)"},
      {"ratio.format",
       "«{value}» сан емес: мысалы, 1.5 немесе 70",
       "«{value}» не является числом: например, 1.5 или 70",
       "'{value}' is not a number: write e.g. 1.5 or 70"},
      // --- dates
      {"date.format",
       "«{value}» күн емес: ЖЖЖЖ-АА-КК пішімінде жазыңыз",
       "«{value}» не является датой: укажите в формате ГГГГ-ММ-ДД",
       "'{value}' is not a date: write YYYY-MM-DD"},
      {"date.no_such_day",
       "{value} деген күн жоқ",
       "Даты {value} не существует",
       "There is no such day as {value}"},
      {"date.year_out_of_range",
       "{year} жыл {min}–{max} аралығынан тыс",
       "Год {year} вне диапазона {min}–{max}",
       "Year {year} is outside {min}-{max}"},
      {"month.format",
       "«{value}» ай емес: ЖЖЖЖ-АА пішімінде жазыңыз",
       "«{value}» не является месяцем: укажите в формате ГГГГ-ММ",
       "'{value}' is not a month: write YYYY-MM"},
      {"quarter.format",
       "«{value}» тоқсан емес: ЖЖЖЖ-Qn пішімінде жазыңыз",
       "«{value}» не является кварталом: укажите в формате ГГГГ-Qn",
       "'{value}' is not a quarter: write YYYY-Qn"},
      {"period.reversed",
       "Кезең соңы ({to}) басынан ({from}) бұрын",
       "Конец периода ({to}) раньше начала ({from})",
       "The period ends ({to}) before it starts ({from})"},
      {"time.format",
       "«{value}» уақыт емес: СС:ММ пішімінде жазыңыз",
       "«{value}» не является временем: укажите в формате ЧЧ:ММ",
       "'{value}' is not a time: write HH:MM"},
      {"datetime.format",
       "«{value}» күн мен уақыт емес: ЖЖЖЖ-АА-ККTСС:ММ пішімінде жазыңыз",
       "«{value}» не является датой и временем: укажите ГГГГ-ММ-ДДTЧЧ:ММ",
       "'{value}' is not a date and time: write YYYY-MM-DDTHH:MM"},
      {"timezone.unknown",
       "«{value}» уақыт белдеуі белгісіз",
       "Неизвестный часовой пояс «{value}»",
       "Unknown time zone '{value}'"},
      // --- calendar
      {"calendar.out_of_range",
       "{date} күні еңбек күнтізбесінде жоқ: деректер {first}–{last} жылдарды қамтиды",
       "Дата {date} вне производственного календаря: данные охватывают {first}–{last} годы",
       "{date} is outside the working calendar: the data covers {first}-{last}"},
      // --- territory
      {"scope.empty",
       "Аумақ берілмеген: ҚАТО коды (мысалы, 334800000) немесе «national» қажет",
       "Территория не указана: нужен код КАТО (например, 334800000) или «national»",
       "No territory: give a KATO code (e.g. 334800000) or 'national'"},
      {"scope.format",
       "«{value}» аумақ емес: 9 цифрлы ҚАТО коды (мысалы, 334800000) немесе «national» қажет",
       "«{value}» не территория: нужен 9-значный код КАТО (например, 334800000) или «national»",
       "'{value}' is not a territory: give a 9-digit KATO code (e.g. 334800000) or 'national'"},
      {"kato.format",
       "«{value}» ҚАТО коды емес: 9 цифр керек",
       "«{value}» не является кодом КАТО: нужно 9 цифр",
       "'{value}' is not a KATO code: 9 digits are needed"},
      {"kato.unknown_region",
       "ҚАТО коды {value}: {region} облысы жоқ",
       "Код КАТО {value}: области {region} не существует",
       "KATO code {value}: there is no region {region}"},
      // --- files and data
      {"file.cannot_open",
       "{file} файлын ашу мүмкін емес",
       "Не удаётся открыть файл {file}",
       "Cannot open file {file}"},
      {"file.too_large",
       "{file} файлы тым үлкен (ең көбі {max} байт)",
       "Файл {file} слишком велик (не более {max} байт)",
       "File {file} is too large (at most {max} bytes)"},
      {"data.syntax",
       "{file}, {line}-жол: синтаксис қатесі: {what}",
       "{file}, строка {line}: синтаксическая ошибка: {what}",
       "{file}, line {line}: syntax error: {what}"},
      {"data.invalid",
       "{file}, {line}-жол: {what}",
       "{file}, строка {line}: {what}",
       "{file}, line {line}: {what}"},
      // --- HTTP and usage
      {"http.not_found",
       "Мұндай мекенжай жоқ: {path}",
       "Такого адреса нет: {path}",
       "No such address: {path}"},
      {"http.method_not_allowed",
       "{path} мекенжайы үшін {method} әдісіне рұқсат жоқ",
       "Метод {method} не разрешён для {path}",
       "Method {method} is not allowed for {path}"},
      {"http.idempotency_key_missing",
       "Idempotency-Key тақырыбы қажет",
       "Нужен заголовок Idempotency-Key",
       "The Idempotency-Key header is required"},
      {"http.idempotency_key_too_long",
       "Idempotency-Key тым ұзын (ең көбі 200 таңба)",
       "Idempotency-Key слишком длинный (не более 200 символов)",
       "The Idempotency-Key is too long (at most 200 characters)"},
      {"http.idempotency_record_unreadable",
       "Бұл кілтпен жасалған сұрау бұрын орындалған, бірақ оның жауабы жаңа нұсқада оқылмайды: жазбаны қайта ашып қараңыз",
       "Запрос с этим ключом уже выполнен, но его ответ не читается новой версией: откройте запись заново",
       "The request with this key was done before, but its answer does not read in this version: open the record again"},
      {"http.idempotency_key_reused",
       "Бұл Idempotency-Key басқа сұрауда қолданылған",
       "Этот Idempotency-Key уже использован с другим запросом",
       "This Idempotency-Key was used with a different request"},
      {"http.bad_json",
       "Сұрау денесі JSON емес: {what}",
       "Тело запроса не JSON: {what}",
       "The request body is not JSON: {what}"},
      {"http.unknown_field",
       "Белгісіз өріс «{name}»",
       "Неизвестное поле «{name}»",
       "Unknown field '{name}'"},
      {"http.field_required",
       "Өріс міндетті",
       "Поле обязательно",
       "The field is required"},
      {"http.field_type",
       "Өрістің түрі дұрыс емес: {expected} керек",
       "Неверный тип поля: нужен {expected}",
       "The field has the wrong type: {expected} expected"},
      {"http.field_too_long",
       "Өріс тым ұзын (ең көбі {max})",
       "Поле слишком длинное (не более {max})",
       "The field is too long (at most {max})"},
      {"http.body_too_large",
       "Сұрау денесі тым үлкен",
       "Тело запроса слишком велико",
       "The request body is too large"},
      {"http.unauthorized",
       "Жүйеге кіріңіз",
       "Войдите в систему",
       "Sign in first"},
      {"http.forbidden",
       "Бұл әрекетке құқығыңыз жоқ",
       "У вас нет права на это действие",
       "You may not do this"},
      {"auth.bad_credentials",
       "Логин немесе құпиясөз қате",
       "Неверный логин или пароль",
       "Wrong login or password"},
      {"auth.throttled",
       "Тым көп сәтсіз әрекет: {seconds} секундтан кейін қайталаңыз",
       "Слишком много неудачных попыток: повторите через {seconds} с",
       "Too many failed attempts: try again in {seconds} s"},
      {"auth.password_too_short",
       "Құпиясөз кемінде 12 таңбадан тұруы керек",
       "Пароль должен быть не короче 12 символов",
       "A password has at least 12 characters"},
      {"auth.password_too_long",
       "Құпиясөз тым ұзын (ең көбі 1024 таңба)",
       "Пароль слишком длинный (не более 1024 символов)",
       "The password is too long (at most 1024 characters)"},
      {"auth.password_common",
       "Бұл құпиясөз тым кең таралған: басқасын таңдаңыз",
       "Этот пароль слишком распространён: выберите другой",
       "This password is too common: choose another"},
      {"store.unavailable",
       "Дерекқор қолжетімсіз; әрекет сақталмады",
       "База данных недоступна; действие не сохранено",
       "The database is unavailable; nothing was saved"},
      {"store.version_conflict",
       "Іс басқа пайдаланушымен бір уақытта өзгертілді; жаңартып, қайталаңыз",
       "Дело одновременно изменено другим пользователем; обновите и повторите",
       "The case was changed by someone else at the same time; reload and retry"},
      {"store.durability",
       "Дерекқор сенімді сақтау режимінде емес (journal_mode={journal_mode}, synchronous={synchronous}, foreign_keys={foreign_keys})",
       "База данных не в надёжном режиме (journal_mode={journal_mode}, synchronous={synchronous}, foreign_keys={foreign_keys})",
       "The database is not in its durable mode (journal_mode={journal_mode}, synchronous={synchronous}, foreign_keys={foreign_keys})"},
      {"store.durability_pg",
       "PostgreSQL сенімді сақтау режимінде емес (synchronous_commit={synchronous_commit}, fsync={fsync}, full_page_writes={full_page_writes})",
       "PostgreSQL не в надёжном режиме (synchronous_commit={synchronous_commit}, fsync={fsync}, full_page_writes={full_page_writes})",
       "PostgreSQL is not in its durable mode (synchronous_commit={synchronous_commit}, fsync={fsync}, full_page_writes={full_page_writes})"},
      {"store.backend",
       "«{value}» дерекқоры қолданылмайды (sqlite, postgresql)",
       "База данных «{value}» не поддерживается (sqlite, postgresql)",
       "Database '{value}' is not supported (sqlite, postgresql)"},
      {"store.corrupt",
       "Сақталған дерек бүлінген: {what}",
       "Сохранённые данные повреждены: {what}",
       "Stored data is corrupt: {what}"},
      {"store.migration_gap",
       "Миграция V{version} бар, бірақ V{expected} жоқ",
       "Есть миграция V{version}, но нет V{expected}",
       "Migration V{version} exists but V{expected} is missing"},
      {"store.newer_schema",
       "Дерекқор сұлбасы ({version}) бағдарламадан жаңа",
       "Схема базы данных ({version}) новее программы",
       "The database schema ({version}) is newer than this program"},
      {"store.audit_chain_broken",
       "Аудит тізбегі {record}-жазбада бұзылған",
       "Цепочка аудита нарушена на записи {record}",
       "The audit chain is broken at record {record}"},
      {"internal.error",
       "Ішкі қате орын алды; анықтама нөмірі {correlation_id}",
       "Произошла внутренняя ошибка; номер для обращения {correlation_id}",
       "An internal error occurred; reference {correlation_id}"},
      {"usage.invalid",
       "Команда дұрыс берілмеген: {what}",
       "Неверный вызов команды: {what}",
       "Invalid command usage: {what}"},
  };
  return kCatalogue;
}

namespace {
std::mutex& tables_mutex() {
  static std::mutex m;
  return m;
}
std::vector<const std::vector<MessageEntry>*>& tables() {
  static std::vector<const std::vector<MessageEntry>*> t{&message_catalogue()};
  return t;
}
}  // namespace

void add_message_catalogue(const std::vector<MessageEntry>& entries) {
  std::lock_guard lock(tables_mutex());
  auto& t = tables();
  if (std::find(t.begin(), t.end(), &entries) == t.end()) t.push_back(&entries);
}

std::vector<const MessageEntry*> all_messages() {
  std::lock_guard lock(tables_mutex());
  std::vector<const MessageEntry*> out;
  for (const auto* table : tables())
    for (const auto& e : *table) out.push_back(&e);
  return out;
}

std::string render_message(std::string_view key,
                           const std::vector<std::pair<std::string, std::string>>& params,
                           Lang lang) {
  const MessageEntry* entry = nullptr;
  {
    std::lock_guard lock(tables_mutex());
    for (const auto* table : tables()) {
      for (const auto& e : *table) {
        if (e.key == key) {
          entry = &e;
          break;
        }
      }
      if (entry != nullptr) break;
    }
  }
  if (entry == nullptr) {
    std::string out(key);
    for (const auto& [k, v] : params) out += " " + k + "=" + v;
    return out;
  }
  const std::string_view text = lang == Lang::kKk ? entry->kk : lang == Lang::kRu ? entry->ru : entry->en;
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, close - i - 1);
        // A value in the reader's language ("category.ru") wins over the plain one: domain
        // code that knows a name in every language but not the reader's passes all three.
        const std::string localized = std::string(name) + "." + std::string(lang_code(lang));
        bool found = false;
        for (const auto& [k, v] : params) {
          if (k == localized) {
            out += v;
            found = true;
            break;
          }
        }
        for (const auto& [k, v] : params) {
          if (found) break;
          if (k == name) {
            out += v;
            found = true;
          }
        }
        if (!found) out += "?";
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace komek
