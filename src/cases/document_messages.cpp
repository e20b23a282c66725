#include "cases/document_messages.hpp"

#include "core/messages.hpp"

namespace komek::cases {
namespace {

const std::vector<MessageEntry>& catalogue() {
  static const std::vector<MessageEntry> kEntries = {
      {"document.not_found",
       "Мұндай құжат жоқ",
       "Такого документа нет",
       "There is no such document"},
      {"document.kind_unknown",
       "«{value}» құжат түрі белгісіз; мүмкін түрлері: {known}",
       "Неизвестный вид документа «{value}»; возможные: {known}",
       "Unknown document kind '{value}'; known kinds: {known}"},
      {"document.file_name_empty",
       "Файлдың атауын көрсетіңіз",
       "Укажите имя файла",
       "Give the file's name"},
      {"document.file_name_too_long",
       "Файл атауы тым ұзын: ең көбі {max} таңба",
       "Имя файла слишком длинное: не более {max} символов",
       "The file name is too long: at most {max} characters"},
      {"document.file_name_bad",
       "Файл атауында жол бөлгіштер (/ немесе \\) және басқару таңбалары болмауы керек",
       "Имя файла не должно содержать разделителей пути (/ или \\) и управляющих символов",
       "The file name must not contain path separators (/ or \\) or control characters"},
      {"document.content_type_unsupported",
       "«{value}» файл түрі қабылданбайды; қабылданатындар: {known}",
       "Тип файла «{value}» не принимается; принимаются: {known}",
       "File type '{value}' is not accepted; accepted: {known}"},
      {"document.bad_base64",
       "Файлдың мазмұны base64 түрінде дұрыс кодталмаған",
       "Содержимое файла не является корректным base64",
       "The file's content is not valid base64"},
      {"document.empty",
       "Файл бос",
       "Файл пустой",
       "The file is empty"},
      {"document.too_large",
       "Файл тым үлкен ({size} байт): ең көбі {max_bytes} байт",
       "Файл слишком большой ({size} байт): не более {max_bytes} байт",
       "The file is too large ({size} bytes): at most {max_bytes} bytes"},
      {"document.content_mismatch",
       "Файлдың мазмұны {content_type} түріне сәйкес келмейді",
       "Содержимое файла не соответствует типу {content_type}",
       "The file's content is not {content_type}"},
      {"document.note_too_long",
       "Ескертпе тым ұзын: ең көбі {max} таңба",
       "Примечание слишком длинное: не более {max} символов",
       "The note is too long: at most {max} characters"},
      {"document.note_bad",
       "Ескертпеде басқару таңбалары болмауы керек",
       "Примечание не должно содержать управляющих символов",
       "The note must not contain control characters"},
      {"document.case_closed",
       "Іс бойынша шешім қабылданған немесе іс жабылған ({state}): құжаттарды порталда қосу мүмкін емес",
       "По делу принято решение или дело закрыто ({state}): добавить документы на портале нельзя",
       "The case is decided or closed ({state}): documents can no longer be added on the portal"},
      {"document.upload_not_allowed",
       "Құжаттарды өтініш беруші немесе өтінішті қабылдайтын маман ғана қоса алады",
       "Добавлять документы могут только заявитель или специалист, принимающий заявление",
       "Only the applicant or the staff who take applications may add documents"},
      {"document.too_many",
       "Іске ең көбі {max} құжат қосуға болады",
       "К делу можно приложить не более {max} документов",
       "A case holds at most {max} documents"},
      {"document.stored_record_broken",
       "Сақталған құжатты оқу мүмкін емес",
       "Сохранённый документ не читается",
       "A stored document cannot be read"},
  };
  return kEntries;
}

}  // namespace

void ensure_document_messages() {
  static const bool registered = [] {
    add_message_catalogue(catalogue());
    return true;
  }();
  (void)registered;
}

}  // namespace komek::cases
