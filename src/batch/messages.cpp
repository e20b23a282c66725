#include "batch/messages.hpp"

#include <vector>

#include "core/messages.hpp"

namespace komek::batch {
namespace {

const std::vector<MessageEntry>& catalogue() {
  static const std::vector<MessageEntry> kEntries = {
      {"batch.dictionary",
       "Популяция сөздігі жарамсыз: {what}",
       "Словарь популяции недопустим: {what}",
       "The population's dictionary is not valid: {what}"},
      {"batch.family",
       "Отбасын популяцияға қосу мүмкін емес: {what}",
       "Семью нельзя добавить в популяцию: {what}",
       "The family cannot be added to the population: {what}"},
      {"batch.population_invalid",
       "Популяция деректері үйлесімсіз: {what}",
       "Данные популяции несогласованны: {what}",
       "The population's data are inconsistent: {what}"},
      {"batch.generate",
       "Популяцияны құру мүмкін емес: {what}",
       "Невозможно создать популяцию: {what}",
       "Cannot generate the population: {what}"},
      {"batch.file_open",
       "{file} популяция файлын ашу мүмкін емес: {what}",
       "Не удалось открыть файл популяции {file}: {what}",
       "Cannot open the population file {file}: {what}"},
      {"batch.file_write",
       "{file} популяция файлын жазу мүмкін емес: {what}",
       "Не удалось записать файл популяции {file}: {what}",
       "Cannot write the population file {file}: {what}"},
      {"batch.file_magic",
       "{file} Komek популяция файлы емес",
       "{file} не является файлом популяции Komek",
       "{file} is not a Komek population file"},
      {"batch.file_version",
       "{file} файлының нұсқасы {version}, бұл бағдарлама {supported} нұсқасын оқиды",
       "Файл {file} имеет версию {version}, программа читает версию {supported}",
       "{file} has format version {version}; this program reads version {supported}"},
      {"batch.file_truncated",
       "{file} файлы үзілген: {size} байт, тақырыбы бойынша {expected} байт болуы керек",
       "Файл {file} обрезан: {size} байт, по заголовку должно быть {expected}",
       "{file} is truncated: {size} bytes where its header announces {expected}"},
      {"batch.file_checksum",
       "{file} файлы бүлінген: бақылау сомасы сәйкес келмейді",
       "Файл {file} повреждён: контрольная сумма не совпадает",
       "{file} is corrupted: its checksum does not match"},
      {"batch.file_invalid",
       "{file} файлы жарамсыз: {what}",
       "Файл {file} недопустим: {what}",
       "{file} is not a valid population file: {what}"},
      {"batch.total_overflow",
       "{pack} жинағының сомасы 64 биттік тиыннан асады",
       "Итог по пакету {pack} превышает 64-битную сумму в тиынах",
       "A total of pack {pack} exceeds 64-bit tiyn"},
      {"batch.exclude_line",
       "{file} файлы, {line}-жол: отбасы нөмірі ({max} дейін) немесе ЖСН күтілді («{value}»)",
       "Файл {file}, строка {line}: ожидался номер семьи (до {max}) или ИИН («{value}»)",
       "{file} line {line}: expected a family id (below {max}) or an IIN ('{value}')"},
      {"batch.exclude_iin",
       "{file} файлы, {line}-жол: популяцияда ЖСН жоқ, {value} орнына отбасы нөмірін көрсетіңіз",
       "Файл {file}, строка {line}: популяция не хранит ИИН; укажите номер семьи вместо {value}",
       "{file} line {line}: the population holds no IINs; list the family id instead of {value}"},
      {"batch.argument",
       "{field} аргументі жарамсыз: {what}",
       "Недопустимый аргумент {field}: {what}",
       "Invalid argument {field}: {what}"},
      {"batch.read",
       "{file} файлын оқу мүмкін емес: {what}",
       "Не удалось прочитать файл {file}: {what}",
       "Cannot read {file}: {what}"},
      {"batch.write",
       "{file} файлын жазу мүмкін емес: {what}",
       "Не удалось записать файл {file}: {what}",
       "Cannot write {file}: {what}"},
      {"batch.csv_header",
       "CSV тақырып жолы «{expected}» болуы керек",
       "Строка заголовка CSV должна быть «{expected}»",
       "The CSV header line must be '{expected}'"},
      {"batch.csv_field",
       "CSV {line}-жол, {field} өрісі: {what} («{value}»); ештеңе импортталмады",
       "CSV, строка {line}, поле {field}: {what} («{value}»); ничего не импортировано",
       "CSV line {line}, field {field}: {what} ('{value}'); nothing was imported"},
  };
  return kEntries;
}

}  // namespace

void ensure_batch_messages() {
  static const bool registered = [] {
    add_message_catalogue(catalogue());
    return true;
  }();
  (void)registered;
}

}  // namespace komek::batch
