#include "registry/synthetic_names.hpp"

#include <array>

namespace komek::registry::names {
namespace {

constexpr std::array<std::string_view, 36> kKazakhSurnames = {
    "Ахметов",       "Жұмабаев",   "Сейітов",    "Нұрланов", "Серікбаев",  "Оспанов",
    "Омаров",        "Тұрсынов",   "Қасымов",    "Әбенов",   "Исабеков",   "Мұратов",
    "Бекмұхамбетов", "Сәрсенбаев", "Жақсылықов", "Ермеков",  "Төлеуов",    "Байжанов",
    "Құдайбергенов", "Садықов",    "Дүйсенов",   "Ибраев",   "Мұқанов",    "Әлиев",
    "Шәріпов",       "Көшербаев",  "Есенов",     "Қалиев",   "Нұрпейісов", "Жүнісов",
    "Бейсенов",      "Темірбеков", "Аманжолов",  "Смағұлов", "Орынбаев",   "Тоқтаров"};

constexpr std::array<std::string_view, 30> kRussianSurnames = {
    "Иванов",   "Петров",   "Смирнов", "Кузнецов", "Попов",       "Соколов",    "Морозов",  "Волков",
    "Васильев", "Новиков",  "Фёдоров", "Михайлов", "Павлов",      "Семёнов",    "Голубев",  "Виноградов",
    "Богданов", "Воробьёв", "Ким",     "Пак",      "Шевченко",    "Бондаренко", "Ткаченко", "Мельник",
    "Шмидт",    "Гусейнов", "Юсупов",  "Каримов",  "Соколовский", "Лебедев"};

constexpr std::array<GivenName, 30> kKazakhMen = {{
    {"Нұрлан", "Нұрланұлы", "Нұрланқызы"},       {"Ерлан", "Ерланұлы", "Ерланқызы"},
    {"Асқар", "Асқарұлы", "Асқарқызы"},          {"Дәурен", "Дәуренұлы", "Дәуренқызы"},
    {"Бауыржан", "Бауыржанұлы", "Бауыржанқызы"}, {"Ерболат", "Ерболатұлы", "Ерболатқызы"},
    {"Арман", "Арманұлы", "Арманқызы"},          {"Нұрсұлтан", "Нұрсұлтанұлы", "Нұрсұлтанқызы"},
    {"Әлихан", "Әлиханұлы", "Әлиханқызы"},       {"Санжар", "Санжарұлы", "Санжарқызы"},
    {"Данияр", "Даниярұлы", "Даниярқызы"},       {"Мақсат", "Мақсатұлы", "Мақсатқызы"},
    {"Ержан", "Ержанұлы", "Ержанқызы"},          {"Айдос", "Айдосұлы", "Айдосқызы"},
    {"Алмас", "Алмасұлы", "Алмасқызы"},          {"Серік", "Серікұлы", "Серікқызы"},
    {"Қайрат", "Қайратұлы", "Қайратқызы"},       {"Бақыт", "Бақытұлы", "Бақытқызы"},
    {"Талғат", "Талғатұлы", "Талғатқызы"},       {"Мұрат", "Мұратұлы", "Мұратқызы"},
    {"Ақжол", "Ақжолұлы", "Ақжолқызы"},          {"Темірлан", "Темірланұлы", "Темірланқызы"},
    {"Алихан", "Алиханұлы", "Алиханқызы"},       {"Ислам", "Исламұлы", "Исламқызы"},
    {"Жандос", "Жандосұлы", "Жандосқызы"},       {"Батыр", "Батырұлы", "Батырқызы"},
    {"Ғалым", "Ғалымұлы", "Ғалымқызы"},          {"Болат", "Болатұлы", "Болатқызы"},
    {"Тимур", "Тимурұлы", "Тимурқызы"},          {"Еркебұлан", "Еркебұланұлы", "Еркебұланқызы"},
}};

constexpr std::array<GivenName, 28> kKazakhWomen = {{
    {"Айгүл", "", ""},   {"Гүлнара", "", ""},  {"Ақбота", "", ""},  {"Айжан", "", ""},    {"Әсел", "", ""},
    {"Дана", "", ""},    {"Жанар", "", ""},    {"Сәуле", "", ""},   {"Мадина", "", ""},   {"Аружан", "", ""},
    {"Динара", "", ""},  {"Назерке", "", ""},  {"Гүлмира", "", ""}, {"Айару", "", ""},    {"Томирис", "", ""},
    {"Әйгерім", "", ""}, {"Балжан", "", ""},   {"Меруерт", "", ""}, {"Райхан", "", ""},   {"Жібек", "", ""},
    {"Ботагөз", "", ""}, {"Қарлығаш", "", ""}, {"Інжу", "", ""},    {"Салтанат", "", ""}, {"Ләззат", "", ""},
    {"Зере", "", ""},    {"Камила", "", ""},   {"Айым", "", ""},
}};

constexpr std::array<GivenName, 20> kRussianMen = {{
    {"Александр", "Александрович", "Александровна"},
    {"Сергей", "Сергеевич", "Сергеевна"},
    {"Дмитрий", "Дмитриевич", "Дмитриевна"},
    {"Андрей", "Андреевич", "Андреевна"},
    {"Алексей", "Алексеевич", "Алексеевна"},
    {"Владимир", "Владимирович", "Владимировна"},
    {"Николай", "Николаевич", "Николаевна"},
    {"Иван", "Иванович", "Ивановна"},
    {"Михаил", "Михайлович", "Михайловна"},
    {"Виктор", "Викторович", "Викторовна"},
    {"Юрий", "Юрьевич", "Юрьевна"},
    {"Павел", "Павлович", "Павловна"},
    {"Евгений", "Евгеньевич", "Евгеньевна"},
    {"Олег", "Олегович", "Олеговна"},
    {"Игорь", "Игоревич", "Игоревна"},
    {"Максим", "Максимович", "Максимовна"},
    {"Артём", "Артёмович", "Артёмовна"},
    {"Вячеслав", "Вячеславович", "Вячеславовна"},
    {"Константин", "Константинович", "Константиновна"},
    {"Роман", "Романович", "Романовна"},
}};

constexpr std::array<GivenName, 20> kRussianWomen = {{
    {"Елена", "", ""},    {"Ольга", "", ""},  {"Наталья", "", ""},   {"Татьяна", "", ""},   {"Ирина", "", ""},
    {"Светлана", "", ""}, {"Анна", "", ""},   {"Мария", "", ""},     {"Екатерина", "", ""}, {"Юлия", "", ""},
    {"Людмила", "", ""},  {"Галина", "", ""}, {"Валентина", "", ""}, {"Оксана", "", ""},    {"Дарья", "", ""},
    {"Виктория", "", ""}, {"Алина", "", ""},  {"Ксения", "", ""},    {"Полина", "", ""},    {"Вера", "", ""},
}};

constexpr std::array<std::string_view, 24> kStreets = {
    "Абай даңғылы",        "Жамбыл көшесі",       "Сәтбаев көшесі",        "Әйтеке би көшесі",
    "Ш. Уәлиханов көшесі", "Төле би көшесі",      "Қабанбай батыр көшесі", "Наурызбай батыр көшесі",
    "Желтоқсан көшесі",    "Бейбітшілік көшесі",  "Достық даңғылы",        "Тәуелсіздік даңғылы",
    "М. Мақатаев көшесі",  "Құрманғазы көшесі",   "Бөгенбай батыр көшесі", "Пушкин көшесі",
    "Гагарин көшесі",      "Шевченко көшесі",     "Жеңіс даңғылы",         "Ы. Алтынсарин көшесі",
    "Сарыарқа көшесі",     "Мәңгілік Ел даңғылы", "Орынбор көшесі",        "Әл-Фараби даңғылы"};

constexpr std::array<Employer, 24> kEmployers = {{
    {"КГУ «Общеобразовательная школа № 12»", true},
    {"КГУ «Школа-гимназия № 4»", true},
    {"ГКП на ПХВ «Городская поликлиника № 3»", true},
    {"ГКП на ПХВ «Многопрофильная областная больница»", true},
    {"КГУ «Ясли-сад № 27 «Балапан»»", true},
    {"ГУ «Аппарат акима района»", true},
    {"АО «Казпочта»", true},
    {"АО «НК «Қазақстан темір жолы»", true},
    {"ТОО «Береке Құрылыс»", false},
    {"ТОО «Дала Агро»", false},
    {"ТОО «Нұр Сервис»", false},
    {"ТОО «Самал Логистик»", false},
    {"ТОО «Алтын Дән»", false},
    {"ТОО «Жетісу Транс»", false},
    {"ТОО «Ақтөбе Жылу»", false},
    {"ТОО «Шаңырақ Маркет»", false},
    {"ТОО «ЭнергоМонтаж KZ»", false},
    {"ТОО «Ордабасы Тамақ»", false},
    {"ТОО «Казахмыс Сервис»", false},
    {"ТОО «Мега Строй Инвест»", false},
    {"ИП «Сейітова Ж.»", false},
    {"ИП «Ким В.»", false},
    {"ТОО «Кала Тазалык»", false},
    {"ТОО «Caspian Security»", false},
}};

constexpr std::array<Position, 20> kPositions = {{
    {"учитель", "учитель начальных классов", EducationLevel::kHigher},
    {"воспитатель", "воспитатель дошкольной организации", EducationLevel::kTechnicalVocational},
    {"медицинская сестра", "медицинская сестра общей практики", EducationLevel::kTechnicalVocational},
    {"врач", "врач общей практики", EducationLevel::kPostgraduate},
    {"водитель", "водитель категории C", EducationLevel::kTechnicalVocational},
    {"продавец-кассир", "", EducationLevel::kGeneralSecondary},
    {"бухгалтер", "бухгалтер-экономист", EducationLevel::kHigher},
    {"охранник", "", EducationLevel::kGeneralSecondary},
    {"повар", "повар-кондитер", EducationLevel::kTechnicalVocational},
    {"электромонтёр", "электромонтёр по ремонту оборудования", EducationLevel::kTechnicalVocational},
    {"электрогазосварщик", "сварщик", EducationLevel::kTechnicalVocational},
    {"разнорабочий", "", EducationLevel::kBasicSecondary},
    {"оператор котельной", "оператор котельной установки", EducationLevel::kTechnicalVocational},
    {"инженер", "инженер-строитель", EducationLevel::kHigher},
    {"менеджер", "менеджер", EducationLevel::kHigher},
    {"уборщик помещений", "", EducationLevel::kBasicSecondary},
    {"слесарь-сантехник", "слесарь-сантехник", EducationLevel::kTechnicalVocational},
    {"программист", "инженер-программист", EducationLevel::kHigher},
    {"почтальон", "", EducationLevel::kGeneralSecondary},
    {"юрист", "юрист", EducationLevel::kHigher},
}};

constexpr std::array<std::string_view, 10> kActivities = {"розничная торговля продуктами питания",
                                                          "грузоперевозки",
                                                          "ремонт автомобилей",
                                                          "парикмахерские услуги",
                                                          "пошив одежды",
                                                          "строительные работы",
                                                          "общественное питание",
                                                          "такси",
                                                          "репетиторство",
                                                          "разведение скота"};

constexpr std::array<Bank, 5> kBanks = {{
    {"722", "CASPKZKA", "АО «Kaspi Bank»", 400},
    {"601", "HSBKKZKX", "АО «Народный Банк Казахстана»", 350},
    {"856", "KCJBKZKX", "АО «Банк ЦентрКредит»", 100},
    {"996", "IRTYKZKA", "АО «ForteBank»", 80},
    {"998", "TSESKZKA", "АО «First Heartland Jusan Bank»", 70},
}};

constexpr std::array<Institution, 8> kInstitutions = {{
    {"Казахский национальный университет имени аль-Фараби", "750000000", EducationLevel::kHigher},
    {"Евразийский национальный университет имени Л.Н. Гумилёва", "710000000", EducationLevel::kHigher},
    {"Казахский национальный медицинский университет имени С.Д. Асфендиярова", "750000000",
     EducationLevel::kHigher},
    {"Региональный университет", "", EducationLevel::kHigher},
    {"Высший политехнический колледж", "", EducationLevel::kTechnicalVocational},
    {"Медицинский колледж", "", EducationLevel::kTechnicalVocational},
    {"Гуманитарный колледж", "", EducationLevel::kTechnicalVocational},
    {"Агротехнический колледж", "", EducationLevel::kTechnicalVocational},
}};

constexpr std::array<CarModel, 14> kCars = {{
    {"ВАЗ 2107", 1990, 2011},
    {"Lada Granta", 2012, 2025},
    {"Daewoo Nexia", 1996, 2016},
    {"Chevrolet Cobalt", 2013, 2025},
    {"Hyundai Accent", 2005, 2025},
    {"Kia Rio", 2011, 2025},
    {"Toyota Camry", 2002, 2025},
    {"Hyundai Tucson", 2008, 2025},
    {"Volkswagen Passat", 1993, 2015},
    {"Audi 80", 1988, 1995},
    {"Mercedes-Benz E 230", 1995, 2008},
    {"Toyota Land Cruiser Prado", 2003, 2025},
    {"JAC S3", 2016, 2025},
    {"Chevrolet Nexia", 2016, 2025},
}};

}  // namespace

std::span<const std::string_view> surnames(Naming naming) {
  if (naming == Naming::kKazakh) return kKazakhSurnames;
  return kRussianSurnames;
}

std::span<const GivenName> given_names(Naming naming, Sex sex) {
  if (naming == Naming::kKazakh)
    return sex == Sex::kMale ? std::span<const GivenName>(kKazakhMen) : kKazakhWomen;
  return sex == Sex::kMale ? std::span<const GivenName>(kRussianMen) : kRussianWomen;
}

std::string surname_for(std::string_view masculine, Sex sex) {
  std::string s(masculine);
  if (sex == Sex::kMale) return s;
  auto ends_with = [&](std::string_view suffix) {
    return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
  };
  if (ends_with("ский")) return s.substr(0, s.size() - std::string_view("ий").size()) + "ая";
  for (std::string_view suffix : {"ов", "ев", "ёв", "ин", "ын"})
    if (ends_with(suffix)) return s + "а";
  return s;
}

std::span<const std::string_view> streets() {
  return kStreets;
}
std::span<const Employer> employers() {
  return kEmployers;
}
std::span<const Position> positions() {
  return kPositions;
}
std::span<const std::string_view> business_activities() {
  return kActivities;
}
std::span<const Bank> banks() {
  return kBanks;
}
std::span<const Institution> institutions() {
  return kInstitutions;
}
std::span<const CarModel> car_models() {
  return kCars;
}

std::string_view plate_region(int kato_region) {
  // [P]: the plate codes of the regions, the three regions of 2022 numbered 18-20.
  switch (kato_region) {
    case 71:
      return "01";
    case 75:
      return "02";
    case 11:
      return "03";
    case 15:
      return "04";
    case 19:
      return "05";
    case 23:
      return "06";
    case 27:
      return "07";
    case 31:
      return "08";
    case 35:
      return "09";
    case 39:
      return "10";
    case 43:
      return "11";
    case 47:
      return "12";
    case 61:
      return "13";
    case 55:
      return "14";
    case 59:
      return "15";
    case 63:
      return "16";
    case 79:
      return "17";
    case 10:
      return "18";
    case 33:
      return "19";
    case 62:
      return "20";
    default:
      return "00";
  }
}

}  // namespace komek::registry::names
